using Hangfire;
using Makker.Operations;

namespace Makker.Scheduling;

/// <summary>This instance's Hangfire server has announced itself in the storage and its heartbeat is recent.</summary>
public sealed class SchedulerReadiness(JobStorage storage, SchedulerInstance instance) : IReadinessCheck
{
    // Hangfire beats every 30 s by default; two missed beats is a server in trouble.
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(75);

    public Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        try
        {
            var mine = storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(instance.ServerName + ":", StringComparison.Ordinal));
            // Hangfire's heartbeat is its own, on the wall clock.
            var result = mine switch
            {
                null => new ReadinessResult("scheduler", false, "not started"),
                { Heartbeat: { } beat } when DateTime.UtcNow - beat > Stale => new ReadinessResult("scheduler", false, "no heartbeat"),
                _ => new ReadinessResult("scheduler", true, "ok"),
            };
            return Task.FromResult(result);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(new ReadinessResult("scheduler", false, e.GetType().Name));
        }
    }
}
