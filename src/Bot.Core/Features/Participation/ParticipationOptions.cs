namespace Makker.Features.Participation;

public sealed class ParticipationOptions
{
    public const string Section = "Participation";

    /// <summary>Default quiet hours in local time: nudges due inside them wait until the end, or are dropped.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);
    public TimeOnly QuietUntil { get; set; } = new(9, 0);

    /// <summary>At most this many nudges to one person in any seven days.</summary>
    public int MaxNudgesPerWeek { get; set; } = 3;

    /// <summary>How far ahead weekly activities get their dated occurrences (and their scheduled steps).</summary>
    public int PlanDaysAhead { get; set; } = 14;

    /// <summary>A nudge that is late (the bot was down) goes out only if the occurrence is further away than this.</summary>
    public int LateNudgeMinimumLeadMinutes { get; set; } = 60;

    /// <summary>
    /// How many days after an occurrence ended its later steps (check-in, digest) may still run, for instance
    /// after the bot was down. Older steps are let go.
    /// </summary>
    public int LaterStepsLookbackDays { get; set; } = 4;

    /// <summary>How long before the start a buddy and the person they come with meet.</summary>
    public int MeetMinutesBefore { get; set; } = 15;
}
