using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace Makker.Scheduling;

/// <summary>What a sweep did, shown as the job's result in the dashboard: nothing when another sweep was running.</summary>
public sealed record SweepResult(bool Swept, int Created, int Queued);

/// <summary>
/// Gives the steps that the sources say are pending their Hangfire jobs. A job's time is product time turned into a
/// wait (Hangfire has no clock of its own to be told about): when product time runs ahead of the wall clock, as a
/// test's clock does, the sweep sees the step due and queues its job at once.
/// </summary>
public sealed class StepSchedule(
    JobStorage storage,
    IBackgroundJobClient client,
    IEnumerable<IStepSource> sources,
    TimeProvider clock,
    SchedulerOptions options,
    ILogger<StepSchedule> log)
{
    /// <summary>
    /// Plans ahead, then makes sure every step due within <see cref="SchedulerOptions.ScheduleAheadMinutes"/> has a
    /// job: a missing one is created (or queued at once when its time has come), a scheduled one whose time has come is
    /// queued. One sweep at a time across all instances; another that finds one running leaves it the work.
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        using var connection = storage.GetConnection();
        IDisposable sweeping;
        try
        {
            sweeping = connection.AcquireDistributedLock("makker:sweep", TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            return new SweepResult(false, 0, 0);
        }
        using (sweeping)
        {
            var now = clock.GetUtcNow();
            var created = 0;
            var queued = 0;
            foreach (var source in sources)
            {
                await source.PrepareAsync(now, ct);
            }
            var live = LiveJobs();
            foreach (var source in sources)
            {
                foreach (var step in await source.PendingAsync(now, now.AddMinutes(options.ScheduleAheadMinutes), ct))
                {
                    if (!live.TryGetValue((step.Source, step.SubjectId, step.Step), out var job))
                    {
                        Schedule(step, now);
                        created++;
                    }
                    else if (job.Scheduled && step.DueAt <= now
                        && client.ChangeState(job.Id, new EnqueuedState { Reason = "Due in product time" }, ScheduledState.StateName))
                    {
                        queued++;
                    }
                }
            }
            if (created + queued > 0)
            {
                log.LogInformation("Sweep: {Created} step job(s) created, {Queued} queued now", created, queued);
            }
            return new SweepResult(true, created, queued);
        }
    }

    /// <summary>A job for the step: queued now when it is due, else scheduled for its time.</summary>
    public void Schedule(PlannedStep step, DateTimeOffset now)
    {
        var job = Job.FromExpression<StepJobs>(j => j.RunAsync(step.Name, step.Source, step.SubjectId, step.Step, CancellationToken.None));
        var wait = step.DueAt - now;
        client.Create(job, wait > TimeSpan.Zero ? new ScheduledState(wait) : new EnqueuedState());
    }

    private sealed record LiveJob(string Id, bool Scheduled);

    /// <summary>The step jobs Hangfire holds that have yet to finish: scheduled, queued or running, on any instance.</summary>
    private Dictionary<(string Source, long SubjectId, string Step), LiveJob> LiveJobs()
    {
        var monitoring = storage.GetMonitoringApi();
        var live = new Dictionary<(string, long, string), LiveJob>();
        void Add(string id, Job? job, bool scheduled)
        {
            if (job is { Method.Name: nameof(StepJobs.RunAsync) } && job.Type == typeof(StepJobs) && job.Args is [_, string source, var subject, string step, ..])
            {
                live[(source, Convert.ToInt64(subject, System.Globalization.CultureInfo.InvariantCulture), step)] = new LiveJob(id, scheduled);
            }
        }
        foreach (var (id, dto) in monitoring.ScheduledJobs(0, int.MaxValue))
        {
            Add(id, dto?.Job, scheduled: dto?.InScheduledState == true);
        }
        foreach (var queue in monitoring.Queues())
        {
            foreach (var (id, dto) in monitoring.EnqueuedJobs(queue.Name, 0, int.MaxValue))
            {
                Add(id, dto?.Job, scheduled: false);
            }
            foreach (var (id, dto) in monitoring.FetchedJobs(queue.Name, 0, int.MaxValue))
            {
                Add(id, dto?.Job, scheduled: false);
            }
        }
        foreach (var (id, dto) in monitoring.ProcessingJobs(0, int.MaxValue))
        {
            Add(id, dto?.Job, scheduled: false);
        }
        return live;
    }
}
