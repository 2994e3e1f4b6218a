using System.Globalization;
using Makker.Features.Announcements;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Makker.Scheduling;

/// <summary>Plans occurrences ahead and gives every step that has not run a trigger at its time.</summary>
[DisallowConcurrentExecution]
public sealed class PlanOccurrencesJob(OccurrencePlanner planner, TimeProvider clock, ILogger<PlanOccurrencesJob> log) : IJob
{
    public static readonly JobKey Key = new("plan-occurrences");

    // Short enough that the scheduler, which needs the same store lock to fire triggers, never waits long.
    private const int TriggersPerTransaction = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await planner.PlanAsync(now, ct);
        // What is already scheduled, in one read, and the new triggers stored a batch per transaction: one store
        // round (lock, check, insert) per step was most of the plan's time with a thousand activities.
        var existing = (await context.Scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), ct)).ToHashSet();
        var fresh = new List<ITrigger>();
        foreach (var step in await planner.PendingStepsAsync(now, ct))
        {
            var key = OccurrenceStepJob.TriggerKeyFor(step.OccurrenceId, step.Phase);
            if (existing.Contains(key))
            {
                continue;
            }
            fresh.Add(TriggerBuilder.Create(clock)
                .ForJob(OccurrenceStepJob.Key)
                .WithIdentity(key)
                .UsingJobData(OccurrenceStepJob.OccurrenceIdKey, step.OccurrenceId.ToString(CultureInfo.InvariantCulture))
                .UsingJobData(OccurrenceStepJob.PhaseKey, step.Phase.ToString())
                // A step whose time passed while the bot was down fires at once; the step itself decides if it is too late.
                .StartAt(step.DueAt > now ? step.DueAt : now)
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build());
        }
        if (fresh.Count > 0)
        {
            var stepJob = await context.Scheduler.GetJobDetail(OccurrenceStepJob.Key, ct)
                ?? throw new InvalidOperationException($"The job {OccurrenceStepJob.Key} is not stored, so its triggers cannot be.");
            foreach (var batch in fresh.Chunk(TriggersPerTransaction))
            {
                // Replace, because the batch also stores the (unchanged) step job; none of these triggers existed a moment ago.
                await context.Scheduler.ScheduleJob(stepJob, batch, ScheduleJobOptions.Replacing, ct);
            }
            log.LogInformation("Scheduled {Count} occurrence step(s)", fresh.Count);
        }
    }
}

/// <summary>Runs one step of one occurrence (a nudge round, a briefing) when its trigger fires.</summary>
public sealed class OccurrenceStepJob(OccurrenceSteps steps, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("occurrence-step");
    public const string OccurrenceIdKey = "occurrenceId";
    public const string PhaseKey = "phase";

    public static TriggerKey TriggerKeyFor(long occurrenceId, OccurrencePhase phase) =>
        new(string.Create(CultureInfo.InvariantCulture, $"occurrence-{occurrenceId}-{phase}"));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var data = context.MergedJobDataMap;
        if (!long.TryParse(data.GetString(OccurrenceIdKey), CultureInfo.InvariantCulture, out var occurrenceId)
            || !Enum.TryParse<OccurrencePhase>(data.GetString(PhaseKey), out var phase))
        {
            return;
        }
        await steps.RunAsync(occurrenceId, phase, clock.GetUtcNow(), ct);
    }
}

/// <summary>Folds finished weeks and months into the numbers and deletes check-in answers past their retention.</summary>
[DisallowConcurrentExecution]
public sealed class CheckInRetentionJob(CheckInRetention retention, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("checkin-retention");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await retention.RunAsync(clock.GetUtcNow(), ct);
}

/// <summary>The shift rounds: shifts from templates, waves of prompts, reminders, coverage alerts.</summary>
[DisallowConcurrentExecution]
public sealed class ShiftRoundsJob(ShiftRounds rounds, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("shift-rounds");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await rounds.RunAsync(clock.GetUtcNow(), ct);
}

/// <summary>Tells coordinators when their announcements have reached everyone they could.</summary>
[DisallowConcurrentExecution]
public sealed class BroadcastReportsJob(BroadcastReports reports, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("broadcast-reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await reports.RunAsync(clock.GetUtcNow(), ct);
}
