using Hangfire;
using Hangfire.Storage;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.Scheduling;

/// <summary>
/// The real host with Hangfire (in memory on SQLite, its own schema on PostgreSQL) and a fake clock: a step gets its
/// job when it comes within the hour, runs at its time, once, and a restart loses none. Hangfire polls on the wall
/// clock, so these wait for what it does; product time only moves when a test moves it.
/// </summary>
public class HangfireStepsTests : RunsOnBothDatabases
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
    private static readonly DateTimeOffset Wednesday1700 = LocalTimes.ToInstant(new DateOnly(2026, 11, 25), new TimeOnly(17, 0), Copenhagen);

    [SkippableFact]
    public async Task The_first_nudge_gets_a_named_job_within_the_hour_runs_at_17_the_day_before_and_only_once_across_a_restart()
    {
        await using var db = await OwnStorageAsync();
        long occurrenceId;
        await using (var host = await RunningHost.StartAsync(db.Settings, db.Clock))
        {
            await host.WebChatConsentAsync("demo-anna", "Anna");
            occurrenceId = await NextDinnerAsync(host);
            // A day ahead: planned in the product's table, not yet a job in Hangfire.
            await HangfireJobs.AfterNextSweepAsync(host.Services);
            Assert.DoesNotContain(HangfireJobs.Pending(host.Services), j => j.Step == FirstNudgeStep.StepName);

            db.Clock.SetUtcNow(Wednesday1700.AddMinutes(-30));
            await Eventually.WaitAsync(() => Task.FromResult(HangfireJobs.Pending(host.Services).Any(j => j.Step == FirstNudgeStep.StepName)),
                "the first nudge to get its job half an hour ahead");
            var job = Assert.Single(HangfireJobs.Pending(host.Services), j => j.Step == FirstNudgeStep.StepName);
            Assert.Equal("First reminder · Torsdagsmiddag · 25 Nov 17:00", job.Name);
            Assert.Equal("Scheduled", job.State);

            db.Clock.SetUtcNow(Wednesday1700.AddMinutes(-1));
            await HangfireJobs.AfterNextSweepAsync(host.Services);
            Assert.Equal(0, await NudgesToAsync(host, "demo-anna"));
            db.Clock.SetUtcNow(Wednesday1700);
            await Eventually.WaitAsync(async () => await NudgesToAsync(host, "demo-anna") == 1, "Hangfire to send Anna's nudge");
        }

        // A restart on the same database (and, on SQLite, an empty Hangfire): the step is done, so nothing goes again.
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var again = await RunningHost.StartAsync(db.Settings, db.Clock))
        {
            await HangfireJobs.AfterNextSweepAsync(again.Services);
            Assert.Equal(1, await NudgesToAsync(again, "demo-anna"));
            Assert.DoesNotContain(HangfireJobs.Pending(again.Services), j => j.Step == FirstNudgeStep.StepName);
            await using var check = again.Db();
            Assert.NotNull((await check.OccurrenceSteps.SingleAsync(s => s.OccurrenceId == occurrenceId && s.Step == FirstNudgeStep.StepName)).DoneAt);
        }
    }

    [SkippableFact]
    public async Task A_nudge_that_fell_due_while_the_host_was_down_goes_out_at_the_next_start_once()
    {
        await using var db = await OwnStorageAsync();
        await using (var host = await RunningHost.StartAsync(db.Settings, db.Clock))
        {
            await host.WebChatConsentAsync("demo-anna", "Anna");
            await NextDinnerAsync(host);
            db.Clock.SetUtcNow(Wednesday1700.AddMinutes(-30));
            await Eventually.WaitAsync(() => Task.FromResult(HangfireJobs.Pending(host.Services).Any(j => j.Step == FirstNudgeStep.StepName)),
                "the first nudge to get its job");
        }

        // Down over 17:00; back at 18:00, with the dinner still a day away: the nudge goes late, once.
        db.Clock.SetUtcNow(Wednesday1700.AddHours(1));
        await using var again = await RunningHost.StartAsync(db.Settings, db.Clock);
        await Eventually.WaitAsync(async () => await NudgesToAsync(again, "demo-anna") == 1, "the restarted host to send the late nudge");
        await HangfireJobs.AfterNextSweepAsync(again.Services);
        Assert.Equal(1, await NudgesToAsync(again, "demo-anna"));
    }

    [SkippableFact]
    public async Task The_check_in_goes_half_an_hour_after_the_end_and_each_features_recurring_work_is_a_recurring_job()
    {
        var clock = RunningHost.NewClock();
        await using var host = await RunningHost.StartAsync(clock: clock, storage: Provider);
        await host.WebChatConsentAsync("demo-anna", "Anna");
        using (var connection = host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal(["broadcast-reports", "evaluation-quarterly", "ideas-weekly", "retention", "sweep"], connection.GetRecurringJobs().Select(j => j.Id).Order());
        }
        await NextDinnerAsync(host);
        clock.SetUtcNow(Wednesday1700);
        await Eventually.WaitAsync(async () => await NudgesToAsync(host, "demo-anna") == 1, "Hangfire to send Anna's nudge");
        await host.WebChatPressAsync("demo-anna", "Anna", "Jeg kommer");

        DateTimeOffset askAt;
        await using (var db = host.Db())
        {
            askAt = (await db.Occurrences.OrderBy(o => o.StartsAt).FirstAsync()).EndsAt.AddMinutes(30);
        }
        clock.SetUtcNow(askAt.AddMinutes(-1));
        await HangfireJobs.AfterNextSweepAsync(host.Services);
        Assert.Equal(0, await CheckInsToAsync(host, "demo-anna"));
        clock.SetUtcNow(askAt);
        await Eventually.WaitAsync(async () => await CheckInsToAsync(host, "demo-anna") == 1, "Hangfire to send Anna's check-in");
        await using var check = host.Db();
        Assert.Equal(1, await check.CheckIns.CountAsync());
    }

    [SkippableFact]
    public async Task The_shift_prompts_look_again_within_the_hour_and_ask_a_demo_volunteer_who_said_hello()
    {
        var clock = RunningHost.NewClock();
        await using var host = await RunningHost.StartAsync(clock: clock, storage: Provider);
        // The dinner is inside the lead time at start: its prompts run at once, make its shifts and find no volunteer to ask.
        await NextDinnerAsync(host);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = host.Db();
            return await db.Shifts.CountAsync() == 2;
        }, "the shift prompts to make the dinner's shifts");
        await host.WebChatConsentAsync("demo-ali", "Ali");
        clock.Advance(TimeSpan.FromHours(1));

        await Eventually.WaitAsync(async () =>
        {
            await using var db = host.Db();
            return await db.Outbox.AnyAsync(o => o.Address == "demo-ali" && o.Text.StartsWith("Kan du hjælpe med"));
        }, "the shift prompts to ask Ali about a shift of the dinner");
        await HangfireJobs.AfterNextSweepAsync(host.Services);
        await using var check = host.Db();
        // Once a week at most, as Ali chose: the earlier shift is the one he is asked about.
        Assert.Equal(["Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?"],
            await check.Outbox.Where(o => o.Address == "demo-ali" && o.Text.StartsWith("Kan du hjælpe med")).Select(o => o.Text).ToListAsync());
    }

    private sealed class OwnedStorage(Dictionary<string, string> settings, FakeTimeProvider clock, string folder, string? postgres) : IAsyncDisposable
    {
        public Dictionary<string, string> Settings { get; } = settings;
        public FakeTimeProvider Clock { get; } = clock;

        public async ValueTask DisposeAsync()
        {
            RunningHost.DeleteFolder(folder);
            if (postgres is not null)
            {
                await TestPostgres.ReturnAsync(postgres);
            }
        }
    }

    /// <summary>A database (and folder) the test owns, so a restarted host finds the same one.</summary>
    private async Task<OwnedStorage> OwnStorageAsync()
    {
        var folder = Directory.CreateTempSubdirectory("makker-hangfire-").FullName;
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = folder };
        var postgres = Provider == StorageProvider.PostgreSQL ? await TestPostgres.NewDatabaseAsync() : null;
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "PostgreSQL";
            settings["Storage:ConnectionString"] = postgres;
        }
        return new OwnedStorage(settings, RunningHost.NewClock(), folder, postgres);
    }

    /// <summary>The sweep at start plans the demo dinner; its id once it has.</summary>
    private static async Task<long> NextDinnerAsync(RunningHost host)
    {
        long id = 0;
        await Eventually.WaitAsync(async () =>
        {
            await using var db = host.Db();
            id = await db.Occurrences.OrderBy(o => o.StartsAt).Select(o => o.Id).FirstOrDefaultAsync();
            return id != 0 && await db.OccurrenceSteps.AnyAsync(s => s.OccurrenceId == id);
        }, "the sweep to plan the next dinner and its steps");
        return id;
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

public sealed class HangfireStepsTestsOnPostgres : HangfireStepsTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
