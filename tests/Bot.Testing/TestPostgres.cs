using Npgsql;
using Xunit;

namespace Makker.Testing;

/// <summary>
/// A fresh PostgreSQL database per test on the server named by MAKKER_TEST_POSTGRES (default: makker/makker on
/// 127.0.0.1). Without a server a developer's run skips these tests, saying how to start one; under CI (CI=true),
/// where .ci/run starts it, that is a failure.
/// </summary>
public static class TestPostgres
{
    public static string Server =>
        Environment.GetEnvironmentVariable("MAKKER_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=makker;Password=makker;Timeout=5";

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database and returns its connection string; drop it with <see cref="DropAsync"/>.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var name = "makker_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ToString());
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            const string how = "PostgreSQL is not reachable for the PostgreSQL tests. Start one with "
                + "`sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start && "
                + "sudo -u postgres psql -c \"create user makker with password 'makker' createdb\"`, "
                + "or point MAKKER_TEST_POSTGRES at a server where the user may create databases.";
            if (InCi)
            {
                throw new InvalidOperationException(how + " CI=true, so this is a failure, not a skip.", e);
            }
            throw new SkipException(how + $" ({e.Message})");
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The schema as lines (columns with types, nullability and defaults; indexes; foreign keys), for comparing two databases.</summary>
    public static async Task<List<string>> ReadSchemaAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task ReadAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : reader.GetValue(i).ToString())));
            }
        }
        await ReadAsync("""
            SELECT table_name || '.' || column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
            """);
        await ReadAsync("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'");
        await ReadAsync("""
            SELECT tc.table_name || '.' || kcu.column_name, ccu.table_name || '.' || ccu.column_name, rc.delete_rule
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name
            JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name
            JOIN information_schema.referential_constraints rc ON tc.constraint_name = rc.constraint_name
            WHERE tc.constraint_type = 'FOREIGN KEY'
            """);
        return lines.Order(StringComparer.Ordinal).ToList();
    }
}
