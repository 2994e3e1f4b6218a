using Makker.Operations;
using Quartz;

namespace Makker.Scheduling;

/// <summary>Quartz has started and is not on standby or shut down.</summary>
public sealed class SchedulerReadiness(ISchedulerFactory factory) : IReadinessCheck
{
    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var status = scheduler.Status;
        return new ReadinessResult("scheduler", status == SchedulerStatus.Running, status == SchedulerStatus.Running ? "ok" : status.ToString().ToLowerInvariant());
    }
}
