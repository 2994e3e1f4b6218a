using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Telegram.Sending;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Telegram;

/// <summary>
/// The dispatcher looks for due chats up to fifty times a second while turns pour in; that look must cost the same
/// whatever the backlog, so it may only walk the waiting rows in order through an index and stop at its limit.
/// </summary>
public class OutboxLookPlanTests
{
    [Fact]
    public async Task A_look_for_due_chats_walks_the_waiting_rows_in_order_and_stops_at_its_limit()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        await using var db = bed.Db();
        var look = OutboxDispatcher.DueChatHeads(db, bed.Clock.GetUtcNow(), ["1001", "1002"], 128);
        var (sql, parameters) = QueryPlans.SplitQueryString(look.ToQueryString());

        var plan = await QueryPlans.ExplainAsync(db.Database.GetDbConnection(), sql, parameters);

        // A temporary B-tree means every due row is read and sorted or grouped before the first one is used.
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.StartsWith("SEARCH o USING INDEX IX_outbox_Status_Id", StringComparison.Ordinal));
        Assert.Contains("LIMIT", sql, StringComparison.Ordinal);
    }
}
