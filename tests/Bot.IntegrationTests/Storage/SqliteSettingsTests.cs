using System.Net.Http.Json;
using Makker.Host.Channels.WebChat;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        // SqliteCheckpointer copies the log back beside the turns; SQLite's own checkpoint is the fallback.
        Assert.Equal("4000", await ScalarAsync(db, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public async Task The_log_is_copied_back_into_the_file_beside_the_turns_once_a_hundred_have_written()
    {
        await using var host = await RunningHost.StartAsync();
        var checkpointer = host.Services.GetRequiredService<SqliteCheckpointer>();
        Assert.Equal(0, checkpointer.Completed);

        using var http = host.Client();
        for (var i = 0; i < WriteGate.TurnsPerCheckpoint; i++)
        {
            // Ten people, so nobody's messages look like a flood.
            var who = $"web-ckpt-{i % 10}";
            var text = i < 10 ? "/start" : "hvornår?";
            (await http.PostAsJsonAsync($"api/webchat/{who}/messages", new WebChatIncoming(text, null, null, "Anna", "da"))).EnsureSuccessStatusCode();
        }

        await Eventually.WaitAsync(() => Task.FromResult(checkpointer.Completed >= 1), "a checkpoint after a hundred turns");
    }

    private static async Task<string?> ScalarAsync(DbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
