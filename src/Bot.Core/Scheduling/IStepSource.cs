namespace Makker.Scheduling;

/// <summary>A step that is to run at a time, with the name an operator reads in the dashboard (never a person's name).</summary>
public sealed record PlannedStep(string Source, long SubjectId, string Step, DateTimeOffset DueAt, string Name);

/// <summary>
/// Something whose own tables say which steps are due and which are done. The scheduler asks it what is pending, runs
/// each step through it at its time, and can lose its own state (an in-memory store after a restart) without losing
/// a step: the next sweep asks again. Running a step twice must do nothing the second time.
/// </summary>
public interface IStepSource
{
    /// <summary>A short, stable name, kept in the jobs.</summary>
    string Name { get; }

    /// <summary>Prepares what is coming (plans ahead); called by every sweep before <see cref="PendingAsync"/>.</summary>
    Task PrepareAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Every step not done and due by <paramref name="until"/>, including those whose time has passed.</summary>
    Task<IReadOnlyList<PlannedStep>> PendingAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken ct);

    /// <summary>Runs the step if it is due and not done; returns it again when it is to run once more later.</summary>
    Task<PlannedStep?> RunAsync(long subjectId, string step, DateTimeOffset now, CancellationToken ct);
}
