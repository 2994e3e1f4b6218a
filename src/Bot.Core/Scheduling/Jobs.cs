using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace Makker.Scheduling;

/// <summary>The Hangfire job that runs one step through its source, at product time.</summary>
public sealed class StepJobs(IEnumerable<IStepSource> sources, StepSchedule schedule, TimeProvider clock, ILogger<StepJobs> log)
{
    /// <param name="name">Shown in the dashboard; the step itself is found by the other arguments.</param>
    [JobDisplayName("{0}")]
    public async Task RunAsync(string name, string source, long subjectId, string step, CancellationToken ct)
    {
        if (sources.FirstOrDefault(s => s.Name == source) is not { } from)
        {
            log.LogWarning("A step job names source {Source}, which this version does not have", source);
            return;
        }
        if (await from.RunAsync(subjectId, step, clock.GetUtcNow(), ct) is { } again)
        {
            schedule.Schedule(again, clock.GetUtcNow());
        }
    }
}

/// <summary>The sweep, as a Hangfire recurring job.</summary>
public sealed class SweepJob(StepSchedule schedule)
{
    public const string Id = "sweep";

    [JobDisplayName("Plan ahead and schedule the coming steps")]
    public Task<SweepResult> RunAsync(CancellationToken ct) => schedule.SweepAsync(ct);
}

/// <summary>The Hangfire job that runs one <see cref="IRecurringWork"/>, at product time, on one instance at a time.</summary>
public sealed class RecurringJobs(IEnumerable<IRecurringWork> works, JobStorage storage, TimeProvider clock, ILogger<RecurringJobs> log)
{
    [JobDisplayName("{0}")]
    public async Task RunAsync(string name, string id, CancellationToken ct)
    {
        if (works.FirstOrDefault(w => w.Id == id) is not { } work)
        {
            log.LogWarning("A recurring job names work {WorkId}, which this version does not have", id);
            return;
        }
        using var connection = storage.GetConnection();
        IDisposable running;
        try
        {
            running = connection.AcquireDistributedLock("makker:recurring:" + id, TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            return; // still running from its last time, on this instance or another
        }
        using (running)
        {
            await work.RunAsync(clock.GetUtcNow(), ct);
        }
    }
}
