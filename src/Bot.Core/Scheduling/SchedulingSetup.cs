using Makker.Features.CheckIns;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Makker.Scheduling;

public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Off only for tools that must not send anything on their own (the benchmark, a maintenance run).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often occurrences are planned ahead and their steps given triggers.</summary>
    public int PlanEveryMinutes { get; set; } = 10;

    /// <summary>How often finished announcements are looked for, to send the coordinator the delivery report.</summary>
    public int ReportEveryMinutes { get; set; } = 1;
}

/// <summary>
/// Quartz.NET with its persistent store in the bot's own database: one trigger per occurrence step (not
/// per person), so a restart loses none and the number of triggers grows with occurrences only.
/// </summary>
public static class SchedulingSetup
{
    public static IServiceCollection AddMakkerScheduling(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = StorageSetup.ResolveConnectionString(storage, contentRoot);
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                if (storage.IsPostgres)
                {
                    // Several instances on one database: each trigger fires on one of them, and the others take over
                    // the work of one that died. Quartz gives each instance its own id when clustered.
                    store.UsePostgres(connectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            q.AddJob<OccurrenceStepJob>(job => job.WithIdentity(OccurrenceStepJob.Key).StoreDurably());
            q.AddJob<PlanOccurrencesJob>(job => job.WithIdentity(PlanOccurrencesJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger
                .ForJob(PlanOccurrencesJob.Key)
                .WithIdentity("plan-occurrences")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(options.PlanEveryMinutes)).RepeatForever()));
            var checkIns = configuration.GetSection(CheckInOptions.Section).Get<CheckInOptions>() ?? new CheckInOptions();
            q.AddJob<CheckInRetentionJob>(job => job.WithIdentity(CheckInRetentionJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger
                .ForJob(CheckInRetentionJob.Key)
                .WithIdentity("checkin-retention")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(checkIns.RetentionEveryHours)).RepeatForever()));
            var volunteering = configuration.GetSection(VolunteeringOptions.Section).Get<VolunteeringOptions>() ?? new VolunteeringOptions();
            q.AddJob<ShiftRoundsJob>(job => job.WithIdentity(ShiftRoundsJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger
                .ForJob(ShiftRoundsJob.Key)
                .WithIdentity("shift-rounds")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(volunteering.RoundEveryMinutes)).RepeatForever()));
            q.AddJob<BroadcastReportsJob>(job => job.WithIdentity(BroadcastReportsJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger
                .ForJob(BroadcastReportsJob.Key)
                .WithIdentity("broadcast-reports")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(options.ReportEveryMinutes)).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton<Makker.Operations.IReadinessCheck, SchedulerReadiness>();
        return services;
    }
}
