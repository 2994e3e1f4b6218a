using System.Globalization;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;

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
            await TestPostgres.DropAsync(database);
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
