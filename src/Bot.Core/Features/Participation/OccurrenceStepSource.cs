using Makker.Scheduling;

namespace Makker.Features.Participation;

/// <summary>The occurrence steps as the scheduler sees them: plan ahead, what is pending, run one.</summary>
public sealed class OccurrenceStepSource(OccurrencePlanner planner, OccurrenceStepRunner runner) : IStepSource
{
    public string Name => "occurrence";

    public Task PrepareAsync(DateTimeOffset now, CancellationToken ct) => planner.PlanAsync(now, ct);

    public async Task<IReadOnlyList<PlannedStep>> PendingAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
        (await planner.PendingStepsAsync(now, until, ct)).Select(s => new PlannedStep(Name, s.OccurrenceId, s.Step, s.DueAt, s.Name)).ToList();

    public async Task<PlannedStep?> RunAsync(long subjectId, string step, DateTimeOffset now, CancellationToken ct)
    {
        if (await runner.RunAsync(subjectId, step, now, ct) is not { NextDueAt: { } next })
        {
            return null;
        }
        var name = await planner.NameOfAsync(subjectId, step, next, ct);
        return new PlannedStep(Name, subjectId, step, next, name);
    }
}
