namespace Makker.Conversations;

/// <summary>Who a message is from: the channel ("telegram", "web") and the address within it.</summary>
public sealed record PersonKey(string Channel, string ExternalId)
{
    public override string ToString() => $"{Channel}:{ExternalId}";
}

/// <summary>One channel-neutral incoming message: a text, or the press of a button.</summary>
public sealed record IncomingMessage(PersonKey From, DateTimeOffset ReceivedAt)
{
    public string? Text { get; init; }
    public string? ButtonPayload { get; init; }
    /// <summary>The outbox id of the message whose button was pressed, when the channel knows it.</summary>
    public long? ButtonMessageId { get; init; }
    /// <summary>
    /// The channel's own id of the pressed message (Telegram's message id in the chat), when the channel knows only that;
    /// the engine finds the outbox row behind it only for a press that needs it.
    /// </summary>
    public string? ButtonChannelMessageId { get; init; }
    /// <summary>What the channel tells us this turn; stored only after consent.</summary>
    public string? FirstName { get; init; }
    public string? LanguageHint { get; init; }
    /// <summary>
    /// The channel's id of this update ("telegram:42"). When set, the same update is turned into a turn only
    /// once, even if it arrives again.
    /// </summary>
    public string? ReceiptId { get; init; }
    /// <summary>Written in a group chat (a hosts' group), where everyone in it reads along.</summary>
    public bool InGroup { get; init; }
}

public sealed record Button(string Label, string Payload);

/// <summary>What a channel sends: a text with optional rows of buttons, or an edit of an earlier message.</summary>
public sealed record OutgoingMessage(long Id, string Text, IReadOnlyList<IReadOnlyList<Button>> Buttons, long? EditsMessageId);

/// <summary>
/// The outcome of one turn for the channel: a short answer to show for a button press, and whether the
/// update had already been handled before (then nothing happened this time).
/// </summary>
public sealed record TurnResult(string? ButtonAnswer, bool AlreadyHandled = false);
