using Makker.Storage;
using Makker.Tests.Harness;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Storage;

/// <summary>
/// A database made by an older version must come up to date in place, with every row kept and usable, and
/// the hand-written migrations must build exactly the schema the model describes.
/// </summary>
public sealed class SchemaUpgradeTests : IAsyncLifetime
{
    private const string InitialMigration = "20261122000001_Initial";
    private static readonly DateTimeOffset Then = new(2026, 11, 20, 16, 30, 0, TimeSpan.Zero);

    private readonly List<string> _folders = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_database_from_the_first_version_is_upgraded_in_place_and_everyone_can_carry_on()
    {
        var folder = NewFolder();
        await using (var storage = StorageAt(folder))
        {
            await using var db = await NewDbAsync(storage);
            await db.GetService<IMigrator>().MigrateAsync(InitialMigration);
            Assert.Equal([InitialMigration], await db.Database.GetAppliedMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
            await SeedFirstVersionRowsAsync(db);
        }

        await using var h = await ConversationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder });

        await using (var db = h.Db())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            Assert.Equal("Anna", anna.FirstName);
            Assert.Equal("da", anna.Language);
            Assert.Equal(ConsentState.Given, anna.Consent);
            Assert.Equal(Then, anna.ConsentChangedAt);
            Assert.Equal(Then, anna.CreatedAt);
            var bo = await db.People.SingleAsync(p => p.ExternalId == "bo");
            Assert.Equal(ConsentState.Unknown, bo.Consent);
            Assert.Equal(2, await db.DialogStates.CountAsync());
            var outbox = await db.Outbox.OrderBy(o => o.Id).ToListAsync();
            Assert.Equal([1L, 2L, 3L], outbox.Select(o => o.Id));
            Assert.Equal([OutboxStatus.Sent, OutboxStatus.Sent, OutboxStatus.Pending], outbox.Select(o => o.Status));
            Assert.Equal(Then, outbox[0].SentAt);
            Assert.Contains("Hvor længe", outbox[1].Text);
        }

        // Anna was in the middle of /pause: a text asks that question again, with buttons that now work.
        var again = await h.Send("anna", "hej");
        Assert.Contains("Hvor længe vil du have en pause", again.Last);
        Assert.Contains(again.Edits, e => e.EditsMessageId == 2 && e.ButtonsJson is null);
        Assert.All(again.Rows, r => Assert.True(r.Id > 3));
        var paused = await h.Press("anna", "1 uge");
        Assert.Contains("Nyd pausen", paused.Last);
        var mydata = await h.Send("anna", "/mydata");
        Assert.Contains("Fornavn: Anna", mydata.Last);
        Assert.Contains("Du sagde ja til at jeg gemmer data: fredag den 20. november", mydata.Last);

        // Bo's button from before the upgrade is old; he is told so kindly and asked again.
        var old = await h.PressPayload("bo", "consent:yes", messageId: 3);
        Assert.Contains("ældre besked", old.ButtonAnswer);
        Assert.Contains("Er det i orden?", old.Last);
        var consent = await h.Press("bo", "Ja, det er fint");
        Assert.Contains("Tak, Bo!", consent.Last);
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_again_changes_nothing()
    {
        var folder = NewFolder();
        await using (var storage = StorageAt(folder))
        {
            await storage.MigrateMakkerDbAsync();
        }
        var before = ReadSchema(Path.Combine(folder, "makker.db"));

        await using (var storage = StorageAt(folder))
        {
            await storage.MigrateMakkerDbAsync();
            await using var db = await NewDbAsync(storage);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        Assert.Equal(before, ReadSchema(Path.Combine(folder, "makker.db")));
    }

    [Fact]
    public async Task The_migrations_build_exactly_the_schema_of_the_current_model()
    {
        var migratedFolder = NewFolder();
        var createdFolder = NewFolder();
        await using (var storage = StorageAt(migratedFolder))
        {
            await storage.MigrateMakkerDbAsync();
        }
        await using (var storage = StorageAt(createdFolder))
        {
            await using var db = await NewDbAsync(storage);
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var migrated = ReadSchema(Path.Combine(migratedFolder, "makker.db"));
        var model = ReadSchema(Path.Combine(createdFolder, "makker.db"));

        // The comparison only means something if it sees the tables.
        Assert.Contains(model, l => l.StartsWith("people.Channel ", StringComparison.Ordinal));
        Assert.Contains(model, l => l.StartsWith("button_tokens.Token ", StringComparison.Ordinal));
        var onlyModel = model.Except(migrated).ToList();
        var onlyMigrations = migrated.Except(model).ToList();
        Assert.True(onlyModel.Count == 0 && onlyMigrations.Count == 0,
            "The migrations do not build the model's schema; write a migration for the model change.\n"
            + $"Only in the model:\n  {string.Join("\n  ", onlyModel)}\nOnly in the migrations:\n  {string.Join("\n  ", onlyMigrations)}");
    }

    private string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("makker-schema-").FullName;
        _folders.Add(folder);
        return folder;
    }

    /// <summary>The real storage set-up, on a database file in <paramref name="folder"/>.</summary>
    private static ServiceProvider StorageAt(string folder)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerStorage(configuration, folder);
        return services.BuildServiceProvider();
    }

    private static Task<MakkerDb> NewDbAsync(IServiceProvider storage) =>
        storage.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContextAsync();

    /// <summary>Rows as the first version wrote them: a person mid-/pause, one mid-consent, and their messages.</summary>
    private static async Task SeedFirstVersionRowsAsync(MakkerDb db)
    {
        var then = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(Then)!;
        const string annaFrames = """[{"id":"FrameAnna1","dialog":"pause","step":"choose","data":{},"promptToken":"OldTokenA1","promptMessageId":2}]""";
        const string boFrames = """[{"id":"FrameBo0001","dialog":"onboarding","step":"consent","data":{}}]""";
        const string pauseButtons = """[[{"label":"1 uge","payload":"pause:week1"}],[{"label":"2 uger","payload":"pause:week2"}]]""";
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO people (Id, Channel, ExternalId, FirstName, Language, Consent, ConsentChangedAt, PausedUntil, PausedIndefinitely, Unreachable, CreatedAt)
            VALUES (1, 'test', 'anna', 'Anna', 'da', 1, @then, NULL, 0, 0, @then),
                   (2, 'test', 'bo', NULL, NULL, 0, NULL, NULL, 0, 0, @then);
            INSERT INTO dialog_states (PersonId, FramesJson, UpdatedAt) VALUES (1, @annaFrames, @then), (2, @boFrames, @then);
            INSERT INTO outbox (Id, PersonId, Channel, Address, Text, ButtonsJson, EditsMessageId, DeleteWhenSent, Status, CreatedAt, NotBefore, SentAt, ChannelMessageId, Attempts, LastError)
            VALUES (1, 1, 'test', 'anna', 'Tak, Anna! Du er klar.', NULL, NULL, 0, 1, @then, NULL, @then, '101', 1, NULL),
                   (2, 1, 'test', 'anna', 'Hvor længe vil du have en pause fra påmindelser?', @pauseButtons, NULL, 0, 1, @then, NULL, @then, '102', 1, NULL),
                   (3, 2, 'test', 'bo', 'Er det i orden?', NULL, NULL, 0, 0, @then, NULL, NULL, NULL, 0, NULL);
            """;
        command.Parameters.Add(new SqliteParameter("@then", then));
        command.Parameters.Add(new SqliteParameter("@annaFrames", annaFrames));
        command.Parameters.Add(new SqliteParameter("@boFrames", boFrames));
        command.Parameters.Add(new SqliteParameter("@pauseButtons", pauseButtons));
        Assert.Equal(7, await command.ExecuteNonQueryAsync());
        await connection.CloseAsync();
    }

    /// <summary>
    /// Tables, columns, indexes, foreign keys and autoincrement of a SQLite file as sorted lines, leaving out
    /// what only the migrations bookkeeping adds.
    /// </summary>
    private static List<string> ReadSchema(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var lines = new List<string>();
        var tables = Query(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        foreach (var (table, sql) in tables)
        {
            lines.Add($"{table} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
            lines.AddRange(Query(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')",
                r => $"{table}.{r.GetString(0)} {r.GetString(1).ToUpperInvariant()} notnull={r.GetInt64(2)} default={(r.IsDBNull(3) ? "-" : r.GetString(3))} pk={r.GetInt64(4)}"));
            foreach (var (index, unique, origin, partial) in Query(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')",
                r => (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3))))
            {
                var columns = Query(connection, $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno", r => r.GetString(0));
                // Indexes SQLite makes for a key have generated names; what they cover is what matters.
                var name = origin == "c" ? index : $"({origin})";
                // A partial index's condition, as written in its CREATE INDEX.
                var where = partial == 0 ? "" : " where " + Query(connection, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{index}'",
                    r => r.GetString(0))[0].Split(" WHERE ", 2)[1];
                lines.Add($"{table} index {name} unique={unique} on ({string.Join(", ", columns)}){where}");
            }
            lines.AddRange(Query(connection, $"SELECT \"from\", \"table\", \"to\", on_delete, on_update FROM pragma_foreign_key_list('{table}')",
                r => $"{table}.{r.GetString(0)} references {r.GetString(1)}.{r.GetString(2)} on delete {r.GetString(3)} on update {r.GetString(4)}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
