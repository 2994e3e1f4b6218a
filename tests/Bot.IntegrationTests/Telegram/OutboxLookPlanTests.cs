using System.Data.Common;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Telegram.Sending;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
        Assert.Contains(plan, line => line.StartsWith("SEARCH o USING INDEX IX_outbox_Pending", StringComparison.Ordinal));
        Assert.Contains("LIMIT", sql, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task On_PostgreSQL_a_look_reads_only_waiting_rows_however_many_were_sent_before_them()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: StorageProvider.PostgreSQL);
        await using (var seed = bed.Db())
        {
            // As under a flood of turns: the oldest messages went out, a long backlog waits behind them. Walked by the
            // primary key, every look first read past all the sent ones.
            await seed.Database.ExecuteSqlRawAsync("""
                INSERT INTO outbox ("Channel", "Address", "Text", "Status", "CreatedAt", "DeleteWhenSent", "Attempts")
                SELECT 'telegram', (2000 + i % 500)::text, 'Hej', CASE WHEN i <= 3000 THEN 1 ELSE 0 END, now(), false, 0
                FROM generate_series(1, 9000) AS i;
                ANALYZE outbox;
                """);
        }
        await using var db = bed.Db();
        var explain = new ExplainInstead();
        await using var explaining = new MakkerDb(new DbContextOptionsBuilder<MakkerDb>()
            .UseNpgsql(db.Database.GetDbConnection()).AddInterceptors(explain).Options);

        // The look's own statement, run as EXPLAIN ANALYZE: its single text column comes back as the "addresses".
        var plan = await OutboxDispatcher.DueChatHeads(explaining, bed.Clock.GetUtcNow(), ["2001", "2002"], 32).ToListAsync();

        Assert.Contains(plan, line => line.Contains("Index Scan using \"IX_outbox_Pending\"", StringComparison.Ordinal));
        var readPast = plan.Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Rows Removed by Filter: (\d+)"))
            .Where(m => m.Success).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(readPast < 100, $"The look read past {readPast} rows:\n{string.Join("\n", plan)}");
    }

    /// <summary>Turns the query EF sends into EXPLAIN ANALYZE of it, so the plan PostgreSQL really chose can be read.</summary>
    private sealed class ExplainInstead : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            command.CommandText = "EXPLAIN (ANALYZE, COSTS OFF) " + command.CommandText;
            return ValueTask.FromResult(result);
        }
    }
}
