using Makker.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Storage;

/// <summary>The per-connection SQLite settings the webhook's throughput depends on (see BENCHMARKS.md).</summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task Every_connection_waits_for_a_writer_inside_SQLite_and_commits_without_waiting_for_the_disk()
    {
        await using var host = await RunningHost.StartAsync();
        await using var db = host.Db();
        await db.Database.OpenConnectionAsync();

        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
        Assert.Equal("1", await ScalarAsync(db, "PRAGMA synchronous")); // NORMAL
        Assert.Equal("30000", await ScalarAsync(db, "PRAGMA busy_timeout"));
    }

    private static async Task<string?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
