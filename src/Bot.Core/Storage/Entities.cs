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
    /// <summary>"da" or "en"; null means "use what the channel tells us this turn".</summary>
    public string? Language { get; set; }
    public ConsentState Consent { get; set; }
    public DateTimeOffset? ConsentChangedAt { get; set; }
    public DateTimeOffset? PausedUntil { get; set; }
    public bool PausedIndefinitely { get; set; }
    public bool Unreachable { get; set; }
    /// <summary>Quiet hours in the community's local time; null means the default (21:00–09:00).</summary>
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
}

/// <summary>The dialog stack of one person, persisted so a restart mid-dialog resumes where it was.</summary>
public sealed class DialogState
{
    public long PersonId { get; set; }
    public required string FramesJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
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
    public string? ButtonsJson { get; set; }
    /// <summary>When set, this is an edit of an earlier outbox message rather than a new one.</summary>
    public long? EditsMessageId { get; set; }
    /// <summary>Deleted as soon as it is delivered (the goodbye after an erasure).</summary>
    public bool DeleteWhenSent { get; set; }
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

public sealed class Community
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string TimeZone { get; set; } = "Europe/Copenhagen";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Activity
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public required string Name { get; set; }
    public string? Place { get; set; }
    public string? Description { get; set; }
    /// <summary>Where a buddy and the person they come with meet; the place's entrance when empty.</summary>
    public string? MeetingPoint { get; set; }
    /// <summary>Weekly recurrence on these days; none for an activity with one-off dates only.</summary>
    public WeekDays Days { get; set; }
    /// <summary>Local start time of the weekly occurrences.</summary>
    public TimeOnly? StartsAt { get; set; }
    public int DurationMinutes { get; set; } = 120;
    /// <summary>The first nudge: this many days before, at <see cref="FirstNudgeAt"/> local time.</summary>
    public int FirstNudgeDaysBefore { get; set; } = 1;
    public TimeOnly FirstNudgeAt { get; set; } = new(17, 0);
    /// <summary>The second nudge to those who have not answered, this many hours before; 0 for none.</summary>
    public int SecondNudgeHoursBefore { get; set; } = 3;
    public int BriefingHoursBefore { get; set; } = 3;
    /// <summary>The code in the invite link (https://t.me/&lt;bot&gt;?start=&lt;code&gt;).</summary>
    public string? InviteCode { get; set; }
    public DateTimeOffset? InviteExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

[Flags]
public enum WeekDays
{
    None = 0,
    Sunday = 1 << DayOfWeek.Sunday,
    Monday = 1 << DayOfWeek.Monday,
    Tuesday = 1 << DayOfWeek.Tuesday,
    Wednesday = 1 << DayOfWeek.Wednesday,
    Thursday = 1 << DayOfWeek.Thursday,
    Friday = 1 << DayOfWeek.Friday,
    Saturday = 1 << DayOfWeek.Saturday,
}

/// <summary>A person in a community. Roles are capabilities, never categories.</summary>
public sealed class CommunityMember
{
    public long CommunityId { get; set; }
    public long PersonId { get; set; }
    public bool IsCoordinator { get; set; }
    public bool IsVolunteer { get; set; }
    /// <summary>Said yes to being asked to keep someone company on the way to an activity.</summary>
    public bool WillingBuddy { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

public sealed class ActivityMember
{
    public long ActivityId { get; set; }
    public long PersonId { get; set; }
    public bool IsHost { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>One dated instance of an activity. Its scheduled steps, and which have run, are rows of their own (occurrence_steps).</summary>
public sealed class Occurrence
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RsvpAnswer
{
    Coming = 1,
    NotToday = 2,
}

/// <summary>An answer for one occurrence. No answer is no row; nothing here ever adds up across occurrences.</summary>
public sealed class Rsvp
{
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public RsvpAnswer Answer { get; set; }
    public bool WantsCompany { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>A nudge that went out, so none goes twice and the weekly cap can be kept.</summary>
public sealed class NudgeSent
{
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public int Phase { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

public enum CompanyStatus
{
    Open = 0,
    Matched = 1,
    /// <summary>Nobody could come along; the host welcomes the person at the door instead.</summary>
    HostWelcome = 2,
    Withdrawn = 3,
}

/// <summary>Someone would like company on the way to an occurrence.</summary>
public sealed class CompanyRequest
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public long? BuddyPersonId { get; set; }
    public CompanyStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A buddy who was asked about a company request, so they can be told when it is covered.</summary>
public sealed class CompanyPrompt
{
    public long RequestId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
}

/// <summary>
/// The one check-in question one person got after one occurrence, and their answer (the last one counts).
/// Deleted after the retention period, once it is folded into <see cref="EvaluationFigures"/>.
/// </summary>
public sealed class CheckIn
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    /// <summary>Which question set it came from: "participant" or "volunteer".</summary>
    public required string Variant { get; set; }
    public required string QuestionId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public string? AnswerId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>When the person asked to talk to someone and the hosts were told.</summary>
    public DateTimeOffset? TalkRequestedAt { get; set; }
    /// <summary>The host who said "I'll get in touch"; the first one wins.</summary>
    public long? TalkTakenByPersonId { get; set; }
}

/// <summary>
/// The anonymous numbers of one activity for one finished week or month, folded from the individual rows once
/// nothing more can change them, so they outlive the answers they came from (retention, erasure).
/// </summary>
public sealed class EvaluationFigures
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    /// <summary>"week" (Monday to Sunday) or "month", in the activity's local time.</summary>
    public required string Period { get; set; }
    public DateOnly Start { get; set; }
    public required string FiguresJson { get; set; }
    public DateTimeOffset FoldedAt { get; set; }
}

/// <summary>How often a volunteer would like to be asked about a shift: at most once in this many days.</summary>
public enum VolunteerFrequency
{
    Weekly = 7,
    EveryOtherWeek = 14,
    Monthly = 28,
}

/// <summary>Someone who said yes to being asked about shifts: which roles, how often. Stopping deletes the row.</summary>
public sealed class Volunteer
{
    public long PersonId { get; set; }
    /// <summary>Role keys (texts "role.&lt;key&gt;" in dialogs/), comma-separated; empty means any role.</summary>
    public string Roles { get; set; } = "";
    public VolunteerFrequency Frequency { get; set; } = VolunteerFrequency.EveryOtherWeek;
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>The shifts every occurrence of a recurring activity gets: a role, a local time window, how many.</summary>
public sealed class ShiftTemplate
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public required string Role { get; set; }
    public TimeOnly StartsAt { get; set; }
    public TimeOnly EndsAt { get; set; }
    public int Needed { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One shift of one occurrence.</summary>
public sealed class Shift
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long? TemplateId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Needed { get; set; }
    /// <summary>How many have it now. Two people taking the last place at once: the update that still sees the old count wins.</summary>
    public int Taken { get; set; }
    /// <summary>When the next wave of prompts may go out; null before the first.</summary>
    public DateTimeOffset? NextWaveAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone was asked about a shift, and what they said. Feeds the rotation: least recently asked first.</summary>
public sealed class ShiftPrompt
{
    public long ShiftId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public bool? Accepted { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>Someone has a shift. Handing it back keeps the row (with the time), so it is never counted against them.</summary>
public sealed class ShiftAssignment
{
    public long Id { get; set; }
    public long ShiftId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    public DateTimeOffset? HandedBackAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
}

public enum BroadcastAudience
{
    Community = 0,
    Activity = 1,
    Volunteers = 2,
    Hosts = 3,
}

/// <summary>A coordinator's announcement: a draft until confirmed, then one outbox row per recipient.</summary>
public sealed class Broadcast
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public long? ActivityId { get; set; }
    public long? CoordinatorPersonId { get; set; }
    public BroadcastAudience Audience { get; set; }
    public required string Text { get; set; }
    public bool Urgent { get; set; }
    /// <summary>How many were in the audience but could not be reached when it went out (blocked the bot).</summary>
    public int Unreachable { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
}

/// <summary>A one-time link into the dashboard: only its hash is kept; used once, within minutes.</summary>
public sealed class DashboardLogin
{
    public required string TokenHash { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Who did what, when, for the coordinators to read.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long? CommunityId { get; set; }
    /// <summary>Null once the person is forgotten: the log then says "someone since forgotten".</summary>
    public long? PersonId { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
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
