using Makker.Host;
using Makker.Storage;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Benchmarks;

public enum BenchStorage
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real host in webhook mode against the fake Bot API server, both on loopback in this process and on the
/// real clock (the rate limits and timings being measured are real ones), with a fresh SQLite data folder or a
/// fresh PostgreSQL database (dropped again at the end).
/// </summary>
public sealed class BenchBed : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDatabase;

    private BenchBed(FakeTelegramServer telegram, WebApplication app, BenchDatabase database, bool ownsDatabase, Uri webhookUrl, string secret)
    {
        Telegram = telegram;
        _app = app;
        Database = database;
        _ownsDatabase = ownsDatabase;
        WebhookUrl = webhookUrl;
        Secret = secret;
    }

    public FakeTelegramServer Telegram { get; }
    public BenchDatabase Database { get; }
    public Uri WebhookUrl { get; }

    /// <summary>What the bot registered with setWebhook: every POST must carry it.</summary>
    public string Secret { get; }

    public IServiceProvider Services => _app.Services;

    public MakkerDb Db() => Services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    public static async Task<BenchBed> StartAsync(BenchStorage storage = BenchStorage.Sqlite) =>
        await StartAsync(await BenchDatabase.CreateAsync(storage), ownsDatabase: true);

    /// <param name="ownsDatabase">False when the caller goes on using the database after this host (and drops it itself).</param>
    /// <param name="beforeStart">Runs once the schema is migrated and before the host starts (and with it the scheduler).</param>
    public static async Task<BenchBed> StartAsync(BenchDatabase database, bool ownsDatabase, IReadOnlyDictionary<string, string>? extra = null,
        Func<IServiceProvider, FakeTelegramServer, Task>? beforeStart = null)
    {
        var telegram = await FakeTelegramServer.StartAsync(TimeProvider.System);
        var port = Loopback.FreePort();
        var settings = HostSettings(telegram, database, port);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var app = MakkerHost.Build(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        await app.Services.PrepareMakkerAsync();
        if (beforeStart is not null)
        {
            await beforeStart(app.Services, telegram);
        }
        await app.StartAsync();

        // Ready once the bot has introduced itself: webhook registered and the three command menus set.
        await telegram.WaitUntilAsync(
            () => telegram.WebhookUrl is not null && telegram.CallsTo("setMyCommands").Count(c => c.Succeeded) >= 3,
            TimeSpan.FromSeconds(30));
        return new BenchBed(telegram, app, database, ownsDatabase, new Uri(telegram.WebhookUrl!), telegram.WebhookSecretToken
            ?? throw new InvalidOperationException("The bot registered its webhook without a secret."));
    }

    /// <summary>The host's settings for this fake server, database and port; also what a host in a child process gets.</summary>
    public static Dictionary<string, string> HostSettings(FakeTelegramServer telegram, BenchDatabase database, int port)
    {
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["environment"] = "Production",
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Bot:SeedDemo"] = "false",
            ["Storage:DataDirectory"] = database.Folder,
            ["WebChat:Enabled"] = "false",
            // The simulated people write as fast as the host answers; the flood guard would silence them and measure less.
            ["Flood:MessagesPerMinute"] = "1000000",
            // The levels of src/Bot.Host/appsettings.json (it is not in this tool's content root), so the host
            // logs what it would in production; on stderr, to keep stdout for the report.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:Hangfire"] = "Warning",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        };
        // MAKKER_BENCH_SQL=1 logs every SQL command with its time (on stderr), to see what a slow run spends its time on.
        if (Environment.GetEnvironmentVariable("MAKKER_BENCH_SQL") is not null)
        {
            settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }
        if (database.PostgresConnectionString is { } postgres)
        {
            settings["Storage:Provider"] = "PostgreSQL";
            settings["Storage:ConnectionString"] = postgres;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Telegram.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>
/// Where a benchmark's host keeps its data: always a fresh temp folder (the SQLite file, the dashboard's keys) and,
/// for PostgreSQL, a throw-away database on the server MAKKER_TEST_POSTGRES names.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private BenchDatabase(BenchStorage storage, string folder, string? postgres)
    {
        Storage = storage;
        Folder = folder;
        PostgresConnectionString = postgres;
    }

    public BenchStorage Storage { get; }
    public string Folder { get; }
    public string? PostgresConnectionString { get; }
    public string SqliteFile => Path.Combine(Folder, "makker.db");

    public string Name => Storage == BenchStorage.Postgres ? "PostgreSQL" : "SQLite";

    public static async Task<BenchDatabase> CreateAsync(BenchStorage storage)
    {
        var folder = Directory.CreateTempSubdirectory("makker-bench-").FullName;
        return new BenchDatabase(storage, folder, storage == BenchStorage.Postgres ? await TestPostgres.NewDatabaseAsync() : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresConnectionString is { } postgres)
        {
            await TestPostgres.DropAsync(postgres);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
