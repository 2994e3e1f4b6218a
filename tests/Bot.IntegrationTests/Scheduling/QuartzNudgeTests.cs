using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Scheduling;
using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Makker.IntegrationTests.Scheduling;

/// <summary>The real host with Quartz on its store in the bot's database and a fake clock: a nudge fires at its time, once.</summary>
public class QuartzNudgeTests : RunsOnBothDatabases
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    [SkippableFact]
    public async Task The_first_nudge_fires_through_Quartz_at_17_the_day_before_and_only_once_across_a_restart()
    {
        var clock = RunningHost.NewClock();
        var folder = Directory.CreateTempSubdirectory("makker-quartz-").FullName;
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = folder };
        // The restarted host must find the same database, so the test owns it, as it owns the folder.
        var postgres = Provider == StorageProvider.PostgreSQL ? await TestPostgres.NewDatabaseAsync() : null;
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "PostgreSQL";
            settings["Storage:ConnectionString"] = postgres;
        }
        try
        {
            long occurrenceId;
            await using (var host = await RunningHost.StartAsync(settings, clock))
            {
                await host.WebChatConsentAsync("demo-anna", "Anna");

                // The planning job runs at start: the dinner gets its dates and each step a trigger.
                var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                occurrenceId = 0;
                await Eventually.WaitAsync(async () =>
                {
                    await using var db = host.Db();
                    var next = await db.Occurrences.OrderBy(o => o.StartsAt).FirstOrDefaultAsync();
                    occurrenceId = next?.Id ?? 0;
                    return next is not null && await scheduler.Exists(OccurrenceStepJob.TriggerKeyFor(next.Id, OccurrencePhase.FirstNudge));
                }, "the first nudge of the next dinner to be scheduled");

                var wednesday1700 = LocalTimes.ToInstant(new DateOnly(2026, 11, 25), new TimeOnly(17, 0), Copenhagen);
                clock.SetUtcNow(wednesday1700.AddMinutes(-1));
                Assert.Equal(0, await NudgesToAsync(host, "demo-anna"));
                clock.SetUtcNow(wednesday1700);
                await Eventually.WaitAsync(async () => await NudgesToAsync(host, "demo-anna") == 1, "Quartz to send Anna's nudge");
            }

            // A restart on the same database: the step is done, so nothing is sent again.
            clock.Advance(TimeSpan.FromMinutes(5));
            await using (var again = await RunningHost.StartAsync(settings, clock))
            {
                var scheduler = await again.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                await Eventually.WaitAsync(async () => await scheduler.Exists(OccurrenceStepJob.TriggerKeyFor(occurrenceId, OccurrencePhase.SecondNudge)),
                    "the restarted planner to look at the dinner again");
                Assert.Equal(1, await NudgesToAsync(again, "demo-anna"));
                Assert.False(await scheduler.Exists(OccurrenceStepJob.TriggerKeyFor(occurrenceId, OccurrencePhase.FirstNudge)));
            }
        }
        finally
        {
            RunningHost.DeleteFolder(folder);
            if (postgres is not null)
            {
                await TestPostgres.ReturnAsync(postgres);
            }
        }
    }

    [SkippableFact]
    public async Task The_check_in_fires_through_Quartz_half_an_hour_after_the_end_and_the_retention_job_is_scheduled()
    {
        var clock = RunningHost.NewClock();
        await using var host = await RunningHost.StartAsync(clock: clock, storage: Provider);
        await host.WebChatConsentAsync("demo-anna", "Anna");
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Occurrence? dinner = null;
        await Eventually.WaitAsync(async () =>
        {
            await using var db = host.Db();
            dinner = await db.Occurrences.OrderBy(o => o.StartsAt).FirstOrDefaultAsync();
            return dinner is not null && await scheduler.Exists(OccurrenceStepJob.TriggerKeyFor(dinner.Id, OccurrencePhase.CheckIn));
        }, "the check-in of the next dinner to be scheduled");
        Assert.True(await scheduler.Exists(CheckInRetentionJob.Key));

        clock.SetUtcNow(LocalTimes.ToInstant(new DateOnly(2026, 11, 25), new TimeOnly(17, 0), Copenhagen));
        await Eventually.WaitAsync(async () => await NudgesToAsync(host, "demo-anna") == 1, "Quartz to send Anna's nudge");
        await host.WebChatPressAsync("demo-anna", "Anna", "Jeg kommer");

        var askAt = dinner!.EndsAt.AddMinutes(30);
        clock.SetUtcNow(askAt.AddMinutes(-1));
        Assert.Equal(0, await CheckInsToAsync(host, "demo-anna"));
        clock.SetUtcNow(askAt);
        await Eventually.WaitAsync(async () => await CheckInsToAsync(host, "demo-anna") == 1, "Quartz to send Anna's check-in");
        await using (var db = host.Db())
        {
            Assert.Equal(1, await db.CheckIns.CountAsync());
        }
    }

    [SkippableFact]
    public async Task The_shift_rounds_run_through_Quartz_and_ask_a_demo_volunteer_who_said_hello()
    {
        var clock = RunningHost.NewClock();
        await using var host = await RunningHost.StartAsync(clock: clock, storage: Provider);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(ShiftRoundsJob.Key));

        await host.WebChatConsentAsync("demo-ali", "Ali");
        // The rounds and the planning both start with the host; the round after planning gives the dinner its
        // shifts from the demo templates and asks Ali.
        clock.Advance(TimeSpan.FromMinutes(5));

        await Eventually.WaitAsync(async () =>
        {
            await using var db = host.Db();
            var shifts = await db.Shifts.CountAsync();
            var prompts = await db.Outbox.Where(o => o.Address == "demo-ali" && o.Text.StartsWith("Kan du hjælpe med")).Select(o => o.Text).ToListAsync();
            // Once a week at most, as Ali chose: the earlier shift is the one he is asked about.
            return shifts == 2 && prompts.SequenceEqual(["Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?"]);
        }, "the next round to ask Ali about a shift of the dinner");
    }

    private static async Task<int> CheckInsToAsync(RunningHost host, string who)
    {
        await using var db = host.Db();
        return await db.Outbox.CountAsync(o => o.Address == who && o.EditsMessageId == null && o.Text.Contains("Bare ét spørgsmål"));
    }

    private static async Task<int> NudgesToAsync(RunningHost host, string who)
    {
        await using var db = host.Db();
        return await db.Outbox.CountAsync(o => o.Address == who && o.Text.Contains("Kommer du?"));
    }
}

public sealed class QuartzNudgeTestsOnPostgres : QuartzNudgeTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
