using System.Collections.Concurrent;
using Makker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Makker.Testing;

/// <summary>
/// An empty PostgreSQL database per test on the server named by MAKKER_TEST_POSTGRES (default: makker/makker on
/// 127.0.0.1). Without a server a developer's run skips these tests, saying how to start one; under CI (CI=true),
/// where .ci/run starts it, that is a failure.
/// </summary>
public static class TestPostgres
{
    public static string Server =>
        Environment.GetEnvironmentVariable("MAKKER_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=makker;Password=makker;Timeout=5";

    /// <summary>
    /// A database with the current schema and no rows, as a connection string; hand it back with <see cref="ReturnAsync"/>
    /// (or <see cref="DropAsync"/>) at the end of the test.
    /// </summary>
    public static async Task<string> NewDatabaseAsync()
    {
        if (Emptied.TryTake(out var reused))
        {
            return reused;
        }
        var template = await Template.Value;
        return await CreateAsync($"TEMPLATE \"{template}\"");
    }

    // Even a copy of the template costs a few hundred milliseconds, and a new database's first connections as much
    // again; a finished test's database, emptied, serves the next test of the same process with its pool still warm.
    private static readonly ConcurrentBag<string> Emptied = [];

    /// <summary>Empties a test's database (every table, identities restarted) for the next test; drops it if that fails.</summary>
    public static async Task ReturnAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var empty = new NpgsqlCommand("""
                DO $$
                DECLARE tables text;
                BEGIN
                    PERFORM set_config('lock_timeout', '5s', true);
                    SELECT string_agg(format('%I', tablename), ', ') INTO tables
                    FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory';
                    IF tables IS NOT NULL THEN
                        EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
                    END IF;
                END $$
                """, connection);
            await empty.ExecuteNonQueryAsync();
            Emptied.Add(connectionString);
        }
        catch (NpgsqlException)
        {
            await DropAsync(connectionString);
        }
    }

    /// <summary>Creates a database without any tables (for tests of the migrations themselves).</summary>
    public static Task<string> NewEmptyDatabaseAsync() => CreateAsync(template: "");

    // Migrating a database takes about a second; copying one that is already migrated, a fraction of that. So each
    // test process migrates one template, and a test gets a copy of it when no emptied database is free.
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    private static async Task<string> CreateTemplateAsync()
    {
        var connectionString = await CreateAsync(template: "");
        await SweepLeftOversAsync();
        // No pooling: PostgreSQL refuses to copy a template while any connection to it is open, even an idle one.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:ConnectionString"] = unpooled,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMakkerStorage(configuration, Path.GetTempPath());
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.MigrateMakkerDbAsync();
        }
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropLeftOvers(connectionString);
        return name;
    }

    private static void DropLeftOvers(string template)
    {
        // The test runner ends this process soon after the last test, so one connection and no awaiting; whatever
        // is not dropped in time, the next run's sweep drops.
        try
        {
            using var connection = new NpgsqlConnection(Maintenance);
            connection.Open();
            foreach (var database in Emptied.Append(template))
            {
                var name = new NpgsqlConnectionStringBuilder(database).Database;
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // The server went away first; the next run's sweep drops what is left.
        }
    }

    // Names carry the machine and process that made them, so a later run can tell which are left over from a
    // process that has ended (killed, or ended before its exit handler finished) and drop only those.
    private static readonly string Prefix = "makker_test_" + new string(Environment.MachineName.ToLowerInvariant()
        .Where(char.IsAsciiLetterOrDigit).Take(12).ToArray()) + "_";

    private static async Task SweepLeftOversAsync()
    {
        await using var connection = new NpgsqlConnection(Maintenance);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix)", connection))
        {
            list.Parameters.AddWithValue("prefix", Prefix);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        foreach (var name in names)
        {
            if (int.TryParse(name[Prefix.Length..].Split('_')[0], out var pid) && !IsRunning(pid))
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> CreateAsync(string template)
    {
        var name = $"{Prefix}{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..12]}";
        try
        {
            await using var connection = new NpgsqlConnection(Maintenance);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" {template}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            const string how = "PostgreSQL is not reachable for the PostgreSQL tests. Start one with "
                + "`sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start && "
                + "sudo -u postgres psql -c \"create user makker with password 'makker' createdb\"`, "
                + "or point MAKKER_TEST_POSTGRES at a server where the user may create databases.";
            throw OutsidePrograms.Missing(how, e);
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
    }

    private static string Maintenance => new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ToString();

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var connection = new NpgsqlConnection(Maintenance);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 40)
            {
                // FORCE may not end a server process of another role, such as autovacuum cleaning up after Hangfire's
                // busy tables; it is gone in a moment.
                await Task.Delay(250);
            }
        }
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
