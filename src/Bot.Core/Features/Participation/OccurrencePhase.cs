using Makker.Conversations;
using Makker.Storage;

namespace Makker.Features.Participation;

/// <summary>The scheduled steps of one occurrence. Each runs once, at its time, and fans out to people then.</summary>
public enum OccurrencePhase
{
    FirstNudge = 1,
    SecondNudge = 2,
    Briefing = 3,
    /// <summary>The one check-in question after the end (Features/CheckIns).</summary>
    CheckIn = 4,
    /// <summary>The host's digest once the check-in answers are in (Features/CheckIns).</summary>
    CheckInDigest = 5,
}

/// <summary>
/// A scheduled step of an occurrence that another feature owns (the check-ins). The occurrence runner gives it
/// the transaction, the "done" mark and the save; the step says when it is due and what it sends.
/// </summary>
public interface IOccurrenceStep
{
    OccurrencePhase Phase { get; }

    /// <summary>When the step is due, or null when it does not apply to this occurrence.</summary>
    DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone);

    /// <summary>
    /// Queues its messages on contexts from <paramref name="reach"/> (one per person), saved with the done mark.
    /// The engine comes this way rather than by injection: the planner needs the steps' times, and the engine
    /// (through the dialogs' actions) needs the planner.
    /// </summary>
    Task RunAsync(MakkerDb db, ActivityPlace place, Occurrence occurrence, DateTimeOffset now, Func<Person, TurnContext> reach, CancellationToken ct);
}

public static class OccurrencePhases
{
    /// <summary>The steps before the start, which Participation runs itself.</summary>
    public static IReadOnlyList<OccurrencePhase> BeforeStart { get; } = [OccurrencePhase.FirstNudge, OccurrencePhase.SecondNudge, OccurrencePhase.Briefing];

    /// <summary>When a step before the start is due, or null when the activity has it switched off.</summary>
    public static DateTimeOffset? DueAt(OccurrencePhase phase, Activity activity, Occurrence occurrence, TimeZoneInfo zone) => phase switch
    {
        OccurrencePhase.FirstNudge => LocalTimes.ToInstant(
            LocalTimes.LocalDate(occurrence.StartsAt, zone).AddDays(-activity.FirstNudgeDaysBefore), activity.FirstNudgeAt, zone),
        OccurrencePhase.SecondNudge => activity.SecondNudgeHoursBefore > 0 ? occurrence.StartsAt.AddHours(-activity.SecondNudgeHoursBefore) : null,
        OccurrencePhase.Briefing => occurrence.StartsAt.AddHours(-Math.Max(0, activity.BriefingHoursBefore)),
        _ => null,
    };

    public static DateTimeOffset? DoneAt(this Occurrence occurrence, OccurrencePhase phase) => phase switch
    {
        OccurrencePhase.FirstNudge => occurrence.FirstNudgeDoneAt,
        OccurrencePhase.SecondNudge => occurrence.SecondNudgeDoneAt,
        OccurrencePhase.Briefing => occurrence.BriefingDoneAt,
        OccurrencePhase.CheckIn => occurrence.CheckInDoneAt,
        OccurrencePhase.CheckInDigest => occurrence.CheckInDigestDoneAt,
        _ => null,
    };

    public static void MarkDone(this Occurrence occurrence, OccurrencePhase phase, DateTimeOffset at)
    {
        switch (phase)
        {
            case OccurrencePhase.FirstNudge:
                occurrence.FirstNudgeDoneAt = at;
                break;
            case OccurrencePhase.SecondNudge:
                occurrence.SecondNudgeDoneAt = at;
                break;
            case OccurrencePhase.Briefing:
                occurrence.BriefingDoneAt = at;
                break;
            case OccurrencePhase.CheckIn:
                occurrence.CheckInDoneAt = at;
                break;
            case OccurrencePhase.CheckInDigest:
                occurrence.CheckInDigestDoneAt = at;
                break;
        }
    }
}
