namespace Makker.Features.Volunteering;

public sealed class VolunteeringOptions
{
    public const string Section = "Volunteering";

    /// <summary>Shift prompts start this many days before the occurrence.</summary>
    public int LeadDays { get; set; } = 5;

    /// <summary>Each wave asks this many people per missing place.</summary>
    public int AskPerPlace { get; set; } = 2;

    /// <summary>How long a wave waits for answers before the next people are asked.</summary>
    public int WaveWaitHours { get; set; } = 24;

    /// <summary>The reminder goes out the day before the shift at this local time.</summary>
    public TimeOnly ReminderAt { get; set; } = new(17, 0);

    /// <summary>A shift handed back closer to the start than this is told to the coordinators.</summary>
    public int LateHandBackHours { get; set; } = 48;

    /// <summary>Coordinators hear what is still missing this many hours before the start, and again at the second.</summary>
    public int FirstCoverageAlertHours { get; set; } = 48;
    public int SecondCoverageAlertHours { get; set; } = 24;

    /// <summary>
    /// An open shift with nobody left to ask looks again this long after, for a volunteer who joined or whose break
    /// ended. Each look is a job of its own for each such occurrence, so not every few minutes.
    /// </summary>
    public int LookAgainMinutes { get; set; } = 60;
}
