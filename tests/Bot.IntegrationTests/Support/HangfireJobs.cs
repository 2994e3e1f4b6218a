using Hangfire;
using Hangfire.Storage.Monitoring;
using Makker.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Support;

/// <summary>What a host's Hangfire holds, read through its monitoring API as the dashboard reads it.</summary>
public static class HangfireJobs
{
    public sealed record StepJob(string Id, string Name, string Step, string State);

    /// <summary>The step jobs still to run (scheduled, queued or running), with their dashboard names.</summary>
    public static List<StepJob> Pending(IServiceProvider services)
    {
        var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = new List<StepJob>();
        void Add(string id, Hangfire.Common.Job? job, string state)
        {
            if (job?.Type == typeof(StepJobs) && job.Args is [string name, _, _, string step, ..])
            {
                jobs.Add(new StepJob(id, name, step, state));
            }
        }
        foreach (var (id, dto) in monitoring.ScheduledJobs(0, 10_000))
        {
            Add(id, dto?.Job, "Scheduled");
        }
        foreach (var queue in monitoring.Queues())
        {
            foreach (var (id, dto) in monitoring.EnqueuedJobs(queue.Name, 0, 10_000))
            {
                Add(id, dto?.Job, "Enqueued");
            }
        }
        foreach (var (id, dto) in monitoring.ProcessingJobs(0, 10_000))
        {
            Add(id, dto?.Job, "Processing");
        }
        return jobs;
    }

    /// <summary>How many sweeps have finished, on any instance sharing this storage.</summary>
    public static int SweepsDone(IServiceProvider services)
    {
        var monitoring = services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.SucceededJobs(0, 100_000).Count(j => j.Value?.Job?.Type == typeof(SweepJob));
    }

    /// <summary>Waits until a sweep has started and finished after this call, so it saw the product time as it is now.</summary>
    public static async Task AfterNextSweepAsync(IServiceProvider services)
    {
        var before = SweepsDone(services);
        // One may have been running already when the clock moved: the one after it certainly saw the new time.
        await Eventually.WaitAsync(() => Task.FromResult(SweepsDone(services) >= before + 2), "two more sweeps to finish");
    }

    public static List<ServerDto> Servers(IServiceProvider services) =>
        services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().ToList();
}
