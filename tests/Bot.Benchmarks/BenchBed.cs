using Makker.Host;
using Makker.Storage;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Benchmarks;

/// <summary>
/// The real host in webhook mode against the fake Bot API server, both on loopback in this process and on the
/// real clock (the rate limits and timings being measured are real ones), with a fresh SQLite data folder.
/// </summary>
public sealed class BenchBed : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchBed(FakeTelegramServer telegram, WebApplication app, string folder, Uri webhookUrl, string secret)
    {
        Telegram = telegram;
        _app = app;
        DataFolder = folder;
        WebhookUrl = webhookUrl;
        Secret = secret;
    }

    public FakeTelegramServer Telegram { get; }
    public string DataFolder { get; }
    public string DatabaseFile => Path.Combine(DataFolder, "makker.db");
    public Uri WebhookUrl { get; }

    /// <summary>What the bot registered with setWebhook: every POST must carry it.</summary>
    public string Secret { get; }

    public IServiceProvider Services => _app.Services;

    public MakkerDb Db() => Services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    public static async Task<BenchBed> StartAsync()
    {
        var telegram = await FakeTelegramServer.StartAsync(TimeProvider.System);
        var folder = Directory.CreateTempSubdirectory("makker-bench-").FullName;
        var port = Loopback.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["environment"] = "Production",
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Bot:SeedDemo"] = "false",
            ["Storage:DataDirectory"] = folder,
            ["WebChat:Enabled"] = "false",
            // The levels of src/Bot.Host/appsettings.json (it is not in this tool's content root), so the host
            // logs what it would in production; on stderr, to keep stdout for the report.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        };
        var app = MakkerHost.Build(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        await app.Services.PrepareMakkerAsync();
        await app.StartAsync();

        // Ready once the bot has introduced itself: webhook registered and the three command menus set.
        await telegram.WaitUntilAsync(
            () => telegram.WebhookUrl is not null && telegram.CallsTo("setMyCommands").Count(c => c.Succeeded) >= 3,
            TimeSpan.FromSeconds(30));
        return new BenchBed(telegram, app, folder, new Uri(telegram.WebhookUrl!), telegram.WebhookSecretToken
            ?? throw new InvalidOperationException("The bot registered its webhook without a secret."));
    }


    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Telegram.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
