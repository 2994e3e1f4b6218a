using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Telegram;

/// <summary>Telegram unreachable for a minute (dropped connections, 502s, 503s): the bot recovers by itself, losing and doubling nothing.</summary>
public sealed class TelegramOutageTests
{
    [Theory]
    [InlineData(TelegramReceiveMode.Polling)]
    [InlineData(TelegramReceiveMode.Webhook)]
    public async Task After_a_minute_of_failures_everything_waiting_is_delivered_once_and_people_are_answered_again(TelegramReceiveMode mode)
    {
        await using var bed = await TelegramTestBed.StartAsync(mode);
        var people = Enumerable.Range(1, 5).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();
        foreach (var person in people)
        {
            await bed.ConsentAsync(person);
        }
        var before = people.ToDictionary(p => p.Id, p => p.Messages.Count(m => m.FromBot));

        bed.Telegram.OutageUntil(bed.Clock.GetUtcNow().AddMinutes(1));
        // Replies are queued during the outage (webhook: the turn runs; polling: the update waits at Telegram).
        foreach (var person in people)
        {
            await person.SendTextAsync("/help");
        }
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(30));
        Assert.All(people, p => Assert.Equal(before[p.Id], p.Messages.Count(m => m.FromBot)));

        await bed.AdvanceUntilAsync(() => people.All(p => p.Messages.Count(m => m.FromBot) == before[p.Id] + 1));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(10));

        Assert.All(people, p => Assert.Equal(before[p.Id] + 1, p.Messages.Count(m => m.FromBot)));
        Assert.All(people, p => Assert.StartsWith("Det kan jeg hjælpe med", p.Messages.Last(m => m.FromBot).Text, StringComparison.Ordinal));
        await using var db = bed.Db();
        Assert.False(await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Failed), "nothing may be given up during a one-minute outage");
        Assert.Equal(0, await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Pending));
    }
}
