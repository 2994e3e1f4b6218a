using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Makker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makker.Scheduling;

/// <summary>This instance's Hangfire server name: machine, process id and a few random characters.</summary>
public sealed record SchedulerInstance(string ServerName);

/// <summary>
/// Hangfire runs the steps and the recurring work; the product's own tables say what is due. On SQLite (one
/// instance) its state is in memory and rebuilt from those tables by the sweep at start; on PostgreSQL it lives in its
/// own schema ("hangfire") of the bot's database, shared by every instance. Everything is built per host rather than
/// through Hangfire's static configuration, so two hosts in one process (the tests) keep their own storage and services.
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
        services.AddSingleton(new SchedulerInstance($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"));

        // Registered before AddHangfire, whose own registrations (the static JobStorage.Current) then stay unused.
        services.AddSingleton<JobStorage>(sp =>
        {
            // The serializer settings must be in place before the first job is written or read.
            sp.GetRequiredService<IGlobalConfiguration>();
            return storage.IsPostgres ? PostgreSql(connectionString) : new InMemoryStorage(new InMemoryStorageOptions());
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<IJobFilterProvider>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<IJobFilterProvider>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogs.To(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer(sp => new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = sp.GetRequiredService<SchedulerInstance>().ServerName,
            WorkerCount = options.Workers,
            // A scheduled job is queued within a second of its time (Hangfire's default looks every 15 s).
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            Activator = sp.GetRequiredService<JobActivator>(),
            FilterProvider = sp.GetRequiredService<IJobFilterProvider>(),
            TimeZoneResolver = sp.GetRequiredService<ITimeZoneResolver>(),
        }, sp.GetRequiredService<JobStorage>()));

        services.AddSingleton<StepSchedule>();
        services.AddTransient<StepJobs>();
        services.AddTransient<SweepJob>();
        services.AddTransient<RecurringJobs>();
        services.AddHostedService<RecurringJobsAtStart>();
        services.AddSingleton<Makker.Operations.IReadinessCheck, SchedulerReadiness>();
        return services;
    }

    /// <summary>
    /// As measured here: with Hangfire.PostgreSql's defaults a killed instance holds the schedule's lock for 10 minutes
    /// and the jobs it had fetched stay invisible for 30; with these, another instance carries on within a minute,
    /// at the cost of now and then running a job twice (which a step survives).
    /// </summary>
    private static PostgreSqlStorage PostgreSql(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(30),
            // Each idle worker looks once a second. Long polling would hear of a job sooner, but holds a connection per
            // worker for good, and several instances share the database's connections.
            QueuePollInterval = TimeSpan.FromSeconds(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}

/// <summary>
/// At start: the sweep and every feature's recurring work become Hangfire recurring jobs (updated in place on
/// PostgreSQL, where they outlive the instance), and the sweep runs at once, so a restart loses no step.
/// </summary>
internal sealed class RecurringJobsAtStart(IRecurringJobManager manager, IEnumerable<IRecurringWork> works, SchedulerOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        manager.AddOrUpdate(SweepJob.Id, Job.FromExpression<SweepJob>(j => j.RunAsync(CancellationToken.None)),
            RecurringWorkRegistration.Cron(TimeSpan.FromSeconds(options.SweepEverySeconds)), utc);
        foreach (var work in works)
        {
            manager.AddOrUpdate(work.Id, Job.FromExpression<RecurringJobs>(j => j.RunAsync(work.Name, work.Id, CancellationToken.None)),
                RecurringWorkRegistration.Cron(work.Every), utc);
        }
        manager.Trigger(SweepJob.Id);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
