namespace Makker.Scheduling;

public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Off only for tools that must not send anything on their own (the benchmark's helpers, a maintenance run).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the sweep runs: has each step source plan ahead, and gives every step that is due soon and not done a job,
    /// or runs it now when its time has come and its job is missing. It also runs at start.
    /// </summary>
    public int SweepEverySeconds { get; set; } = 60;

    /// <summary>A step gets its Hangfire job this long before it is due (so the dashboard shows the coming hour).</summary>
    public int ScheduleAheadMinutes { get; set; } = 60;

    /// <summary>How many jobs one instance runs at the same time (each holds a database connection while it runs).</summary>
    public int Workers { get; set; } = 10;
}
