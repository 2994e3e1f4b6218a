using Makker.Storage;
using Microsoft.Data.Sqlite;

namespace Makker.Tests.Storage;

/// <summary>The SQLite settings go onto each real connection once, and stay while the pool keeps it.</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("makker-sqlite-").FullName;

    [Fact]
    public async Task Settings_are_set_once_per_real_connection_and_hold_when_the_pool_hands_it_out_again()
    {
        var settings = new SqliteConnectionSettings();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "makker.db"), Pooling = true }.ToString();

        await using (var first = new SqliteConnection(connectionString))
        {
            await first.OpenAsync();
            await settings.ConnectionOpenedAsync(first, null!);
            Assert.Equal(30000L, await PragmaAsync(first, "busy_timeout"));
            Assert.Equal(1L, await PragmaAsync(first, "synchronous")); // NORMAL
            // Marks this real connection: had the settings been set again on the next open, this would be gone.
            await using var mark = first.CreateCommand();
            mark.CommandText = "PRAGMA busy_timeout=1234;";
            await mark.ExecuteNonQueryAsync();
        }

        await using var again = new SqliteConnection(connectionString);
        await again.OpenAsync();
        await settings.ConnectionOpenedAsync(again, null!);
        Assert.Equal(1234L, await PragmaAsync(again, "busy_timeout"));
        Assert.Equal(1L, await PragmaAsync(again, "synchronous"));
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
