using System.Globalization;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.ScaleOut;

/// <summary>Two hosts on one PostgreSQL database and one fake Telegram server: one sends, every message once, within the limits.</summary>
public sealed class TwoInstancesTests
{
    [SkippableFact]
    public async Task Two_instances_send_every_outbox_message_exactly_once_within_Telegrams_limits_and_the_second_takes_over()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        var clock = RunningHost.NewClock();
        await using var telegram = await FakeTelegramServer.StartAsync(clock);
        telegram.EnforceRateLimits = true;
        Dictionary<string, string> Settings() => new()
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:ConnectionString"] = database,
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = "Polling",
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "3",
            ["Scheduler:Enabled"] = "false",
            ["Bot:SeedDemo"] = "false",
            ["WebChat:Enabled"] = "false",
        };
        try
        {
            var first = await RunningHost.StartAsync(Settings(), clock);
            await using var second = await RunningHost.StartAsync(Settings(), clock);
            var users = Enumerable.Range(1, 40).Select(i => telegram.AddUser($"Person{i}")).ToList();
            await QueueAsync(first, users, "Første besked");

            await AdvanceUntilAsync(clock, telegram, () => telegram.SentMessages.Count == users.Count);

            // Stop the one that sends; the other takes over once the lease runs out (or at once, after a clean stop).
            await first.DisposeAsync();
            await QueueAsync(second, users, "Anden besked");
            await AdvanceUntilAsync(clock, telegram, () => telegram.SentMessages.Count == 2 * users.Count);
            await LetTimePassAsync(clock, telegram, TimeSpan.FromSeconds(5));

            foreach (var user in users)
            {
                Assert.Equal(["Første besked", "Anden besked"], telegram.SentMessages.Where(m => m.ChatId == user.Id).Select(m => m.Text));
            }
            Assert.Equal(0, telegram.RateLimitViolations);
            await using var db = second.Db();
            Assert.Equal(2 * users.Count, await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent));
        }
        finally
        {
            await TestPostgres.ReturnAsync(database);
        }
    }

    [SkippableFact]
    public async Task With_Hangfire_on_PostgreSQL_each_nudge_round_runs_on_one_instance_and_each_person_is_nudged_once()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        var clock = RunningHost.NewClock();
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:ConnectionString"] = database,
        };
        try
        {
            await using var first = await RunningHost.StartAsync(settings, clock);
            await using var second = await RunningHost.StartAsync(settings, clock);
            foreach (var who in new[] { "demo-anna", "demo-karim", "demo-lise" })
            {
                await first.WebChatConsentAsync(who, who);
            }
            // Wednesday 16:30 in Copenhagen: within the hour, the first nudge gets its one job, whichever instance sweeps.
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 30, 0, TimeSpan.Zero));
            await Eventually.WaitAsync(() => Task.FromResult(HangfireJobs.Pending(first.Services).Any(j => j.Step == FirstNudgeStep.StepName)),
                "the first nudge to get its job");

            clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
            await Eventually.WaitAsync(async () =>
            {
                await using var db = first.Db();
                return await db.NudgesSent.CountAsync() == 3;
            }, "the first nudge round to reach all three");
            // Then a few more minutes, with both instances sweeping, for a second run to show itself if there were one.
            for (var i = 0; i < 4; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                await HangfireJobs.AfterNextSweepAsync(first.Services);
            }

            await using var check = first.Db();
            Assert.Equal(3, await check.NudgesSent.CountAsync());
            foreach (var who in new[] { "demo-anna", "demo-karim", "demo-lise" })
            {
                Assert.Equal(1, await check.Outbox.CountAsync(o => o.Address == who && o.Text.Contains("Kommer du?")));
            }
            Assert.DoesNotContain(HangfireJobs.Pending(first.Services), j => j.Step == FirstNudgeStep.StepName);
            var servers = HangfireJobs.Servers(first.Services);
            Assert.True(servers.Count >= 2, $"both instances should be Hangfire servers on the shared storage, found {servers.Count}");
        }
        finally
        {
            await TestPostgres.ReturnAsync(database);
        }
    }

    private static async Task QueueAsync(RunningHost host, IEnumerable<FakeUser> users, string text)
    {
        await using var db = host.Db();
        foreach (var user in users)
        {
            db.Outbox.Add(new OutboxMessage
            {
                Channel = TelegramAddress.Channel,
                Address = user.Id.ToString(CultureInfo.InvariantCulture),
                Text = text,
                CreatedAt = host.Clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync();
    }

    private static async Task AdvanceUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, FakeTelegramServer telegram, Func<bool> condition)
    {
        for (var step = 0; step < 1200; step++)
        {
            try
            {
                await telegram.WaitUntilAsync(condition, TimeSpan.FromMilliseconds(100));
                return;
            }
            catch (TimeoutException)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }
        }
        throw new TimeoutException("Still not there after five minutes on the fake clock.");
    }

    private static async Task LetTimePassAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, FakeTelegramServer telegram, TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(250))
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            try
            {
                await telegram.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(20));
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
