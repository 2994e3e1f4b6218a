using Makker.Storage;

namespace Makker.Features.Participation;

/// <summary>The scheduled steps of one occurrence. Each runs once, at its time, and fans out to people then.</summary>
public enum OccurrencePhase
{
    FirstNudge = 1,
    SecondNudge = 2,
    Briefing = 3,
}

public static class OccurrencePhases
{
    public static IReadOnlyList<OccurrencePhase> All { get; } = [OccurrencePhase.FirstNudge, OccurrencePhase.SecondNudge, OccurrencePhase.Briefing];

    /// <summary>When the step is due, or null when the activity has it switched off.</summary>
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
        }
    }
}
