using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// Host processes (<see cref="HostProcess"/>) on one database and one fake Telegram server, all on one fake clock
/// that this bed moves forward: for tests that kill or stop a process as an operating system would.
/// </summary>
public sealed class ProcessBed : IAsyncDisposable
{
    private readonly Dictionary<string, string> _storage;
    private readonly TelegramReceiveMode _mode;
    private readonly List<HostProcess> _hosts = [];
    private readonly ServiceProvider _core;
    private readonly string? _ownedFolder;
    private readonly FakeTimeSteps _steps;

    private ProcessBed(FakeTelegramServer telegram, FakeTimeProvider clock, Dictionary<string, string> storage, TelegramReceiveMode mode, string? ownedFolder)
    {
        Telegram = telegram;
        Clock = clock;
        _storage = storage;
        _mode = mode;
        _ownedFolder = ownedFolder;
        // The core as the hosts have it (not started): the database they share and the dialogs they speak.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(storage!)
            .AddInMemoryCollection([new("Bot:DialogsDirectory", Path.Combine(AppContext.BaseDirectory, "dialogs"))])
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddMakkerCore(configuration, Path.GetTempPath());
        services.AddSingleton<TimeProvider>(clock);
        _core = services.BuildServiceProvider();
        _steps = new FakeTimeSteps(telegram, AdvanceAsync, TimeSpan.FromMilliseconds(60));
    }

    public FakeTelegramServer Telegram { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>A bed on a SQLite file in a folder of its own.</summary>
    public static Task<ProcessBed> OnSqliteAsync(TelegramReceiveMode mode)
    {
        var folder = Directory.CreateTempSubdirectory("makker-proc-").FullName;
        return StartAsync(new Dictionary<string, string> { ["Storage:DataDirectory"] = folder }, mode, folder);
    }

    /// <summary>A bed on a PostgreSQL database (the caller makes and drops it).</summary>
    public static Task<ProcessBed> OnPostgresAsync(string connectionString, TelegramReceiveMode mode) =>
        StartAsync(new Dictionary<string, string> { ["Storage:Provider"] = "PostgreSQL", ["Storage:ConnectionString"] = connectionString }, mode, null);

    private static async Task<ProcessBed> StartAsync(Dictionary<string, string> storage, TelegramReceiveMode mode, string? ownedFolder)
    {
        var clock = RunningHost.NewClock();
        var telegram = await FakeTelegramServer.StartAsync(clock);
        return new ProcessBed(telegram, clock, storage, mode, ownedFolder);
    }

    /// <summary>Starts one more host process and waits until it has introduced itself to Telegram.</summary>
    /// <param name="settings">More settings, or other values than the bed's (e.g. the scheduler on).</param>
    public async Task<HostProcess> StartHostAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = Loopback.FreePort();
        var all = new Dictionary<string, string>(_storage)
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Telegram:BotToken"] = Telegram.Token,
            ["Telegram:ApiBaseUrl"] = Telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = _mode.ToString(),
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "3",
            ["Bot:SeedDemo"] = "false",
            // Only what a test does is sent: no nudges of their own.
            ["Scheduler:Enabled"] = "false",
            ["WebChat:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // The crash tests read these to know where a process is in stopping.
            ["Logging:LogLevel:Makker.Telegram"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (_mode == TelegramReceiveMode.Webhook)
        {
            all["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        var menusBefore = Telegram.CallsTo("setMyCommands").Count(c => c.Succeeded);
        var host = await HostProcess.StartAsync(all, Clock.GetUtcNow());
        _hosts.Add(host);
        await AdvanceUntilAsync(() => Telegram.CallsTo("setMyCommands").Count(c => c.Succeeded) >= menusBefore + 3
            && (_mode == TelegramReceiveMode.Webhook ? Telegram.WebhookUrl?.StartsWith(all["Telegram:PublicUrl"] + "/", StringComparison.Ordinal) == true : Telegram.IsLongPolling));
        return host;
    }

    public MakkerDb Db() => _core.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    /// <summary>Moves the clock of this bed and of every live host forward in small steps until the condition holds.</summary>
    public Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? within = null) => _steps.UntilAsync(condition, within, HostOutput);

    /// <summary>
    /// Moves every clock on. Telegram answers nothing meanwhile: a call it counted at its new time while the host
    /// still had the old one would look, to the server's rate limits, a little earlier than the host made it.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Telegram.HoldAllCalls();
        try
        {
            Clock.Advance(by);
            foreach (var host in _hosts.Where(h => !h.HasExited))
            {
                await host.AdvanceAsync(by);
            }
        }
        finally
        {
            Telegram.ReleaseAllCalls();
        }
    }

    /// <summary>Lets fake time pass (for checking that something does not happen).</summary>
    public Task LetTimePassAsync(TimeSpan span) => _steps.PassAsync(span);

    /// <summary>/start and the yes to the consent question, through Telegram.</summary>
    public Task ConsentAsync(FakeUser user) => _steps.ConsentAsync(user, ConsentYes);

    public string ConsentYes => _core.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"].Buttons.Single(b => b.Id == "yes").Label.Da;

    /// <summary>The holder of a lease as the dispatcher names itself: machine-processid-guid.</summary>
    public async Task<int?> DispatcherProcessIdAsync()
    {
        await using var db = Db();
        var lease = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == Makker.Telegram.Sending.OutboxDispatcher.LeaseName);
        if (lease is null || lease.ExpiresAt <= Clock.GetUtcNow())
        {
            return null;
        }
        var parts = lease.Holder.Split('-');
        return int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string HostOutput() => string.Join("\n", _hosts.Select((h, i) => $"--- host {i + 1} (pid {h.Id}) ---\n{h.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _core.DisposeAsync();
        await Telegram.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownedFolder is not null)
        {
            RunningHost.DeleteFolder(_ownedFolder);
        }
    }
}
