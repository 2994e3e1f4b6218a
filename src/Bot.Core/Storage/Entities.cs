namespace Makker.Storage;

public enum ConsentState
{
    Unknown = 0,
    Given = 1,
    Refused = 2,
}

/// <summary>
/// Someone the bot talks to. Holds the least that works: no diagnosis, no target group, ever.
/// Until consent is given only the channel address and the consent answer are kept.
/// </summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalId { get; set; }
    public string? FirstName { get; set; }
    /// <summary>A code of <see cref="Makker.Conversations.Dialogs.Languages"/> ("da", "da-easy", "ar"); null means "use what the channel tells us this turn".</summary>
    public string? Language { get; set; }
    /// <summary>Chose "always read aloud": the messages that offer a Read aloud button come with their voice message instead.</summary>
    public bool ReadAloud { get; set; }
    public ConsentState Consent { get; set; }
    public DateTimeOffset? ConsentChangedAt { get; set; }
    public DateTimeOffset? PausedUntil { get; set; }
    public bool PausedIndefinitely { get; set; }
    public bool Unreachable { get; set; }
    /// <summary>Quiet hours in the community's local time; null means the default (21:00–09:00).</summary>
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The command menu last queued for this person, as "language:audience" ("da:6"); null before the first one.
    /// The menu follows the person's roles and language, and is sent again only when this changes.
    /// </summary>
    public string? MenuKey { get; set; }

    /// <summary>The address this chat had before the channel gave it a new one (a group that became a supergroup).</summary>
    public string? PreviousAddress { get; set; }

    /// <summary>
    /// Changes when the person's dashboard sessions must end at once (they lost the coordinator role, or logged out):
    /// every session carries the stamp it began with, and a request whose stamp is not this one is refused.
    /// </summary>
    public int SessionStamp { get; set; }
}

/// <summary>The dialog stack of one person, persisted so a restart mid-dialog resumes where it was.</summary>
public sealed class DialogState
{
    public long PersonId { get; set; }
    public required string FramesJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum OutboxKind
{
    /// <summary>A text (with buttons, or a file), or an edit of an earlier one.</summary>
    Message = 0,

    /// <summary>
    /// The person's command menu: <see cref="OutboxMessage.Text"/> holds the commands and their descriptions as
    /// JSON (see <see cref="Makker.Conversations.CommandMenu"/>); an empty list resets the chat to the default menu.
    /// </summary>
    CommandMenu = 1,

    /// <summary>
    /// <see cref="OutboxMessage.Text"/> read aloud as a voice message, in the voice of <see cref="OutboxMessage.Language"/>.
    /// The audio is made when it is sent (and cached), never stored.
    /// </summary>
    Voice = 2,
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>Every outgoing message, written in the same transaction as the state change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Null only for a goodbye written after the person was erased.</summary>
    public long? PersonId { get; set; }
    public required string Channel { get; set; }
    public required string Address { get; set; }
    public required string Text { get; set; }
    public OutboxKind Kind { get; set; }
    /// <summary>The language the text is in (its direction on a page, its voice when read aloud); null in rows from before it was kept.</summary>
    public string? Language { get; set; }
    public string? ButtonsJson { get; set; }
    /// <summary>When set, this is an edit of an earlier outbox message rather than a new one.</summary>
    public long? EditsMessageId { get; set; }
    /// <summary>Deleted as soon as it is delivered (the goodbye after an erasure, contact details for the hosts).</summary>
    public bool DeleteWhenSent { get; set; }
    /// <summary>
    /// What the row keeps in place of its text once delivered, for a text that must not stay (a one-time login link):
    /// a marker for the record, never the secret.
    /// </summary>
    public string? TextWhenSent { get; set; }
    public OutboxStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ChannelMessageId { get; set; }
    /// <summary>For a text split into several Telegram messages: how many parts the channel has already accepted.</summary>
    public int PartsSent { get; set; }
    /// <summary>A file sent with the message (a CSV report); the text is its caption.</summary>
    public string? DocumentName { get; set; }
    public string? DocumentText { get; set; }
    /// <summary>A binary file instead of <see cref="DocumentText"/> (the invite's QR code as a PNG).</summary>
    public byte[]? DocumentBytes { get; set; }
    /// <summary>The announcement this message is one copy of, for its delivery report.</summary>
    public long? BroadcastId { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// Someone a message names (a host briefing lists who is coming): /forget finds the messages about a person this way,
/// so none of them is kept for anyone else.
/// </summary>
public sealed class OutboxMention
{
    public long MessageId { get; set; }
    public long PersonId { get; set; }
    /// <summary>Set when the message is written in the same save, so its id is filled in.</summary>
    public OutboxMessage? Message { get; set; }
}

/// <summary>
/// One incoming update already turned into a turn, so a channel's retry (a webhook redelivery, a restart in the
/// middle of a batch) never makes a second reply. Kept for a while, then pruned.
/// </summary>
public sealed class InboundReceipt
{
    public required string Id { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// One set of buttons sent to one person. The payload carries only the token and the choice, so a press
/// from someone else, a second press and a press on an old message are all recognised.
/// </summary>
public sealed class ButtonToken
{
    public required string Token { get; set; }
    public long PersonId { get; set; }
    public required string Purpose { get; set; }
    public string? Args { get; set; }
    public long? MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public string? UsedChoice { get; set; }
}

/// <summary>
/// Work that one instance at a time may do (the Telegram dispatcher, so the rate limits hold across instances):
/// whoever holds the lease renews it; when it runs out, another instance takes over.
/// </summary>
public sealed class Lease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
