using System.Net.Http.Json;
using Makker.Conversations;
using Makker.Host.Channels.WebChat;
using Makker.Host;
using Makker.Storage;
using Makker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.Support;

/// <summary>The real host on a free loopback port, with its own database (SQLite file or PostgreSQL) and a fake clock.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsFolder;
    private readonly string? _ownPostgres;

    private RunningHost(WebApplication app, string folder, bool ownsFolder, string? ownPostgres, FakeTimeProvider clock, Uri baseAddress)
    {
        _app = app;
        _ownsFolder = ownsFolder;
        _ownPostgres = ownPostgres;
        Folder = folder;
        Clock = clock;
        BaseAddress = baseAddress;
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningHost> StartAsync(IDictionary<string, string>? settings = null, FakeTimeProvider? clock = null,
        ILoggerProvider? logs = null, StorageProvider storage = StorageProvider.Sqlite, Action<IServiceCollection>? services = null)
    {
        // A caller that brings its own data folder or database keeps it (to start another host on it); otherwise it is ours.
        var ownsFolder = settings?.ContainsKey("Storage:DataDirectory") != true;
        var ownPostgres = storage == StorageProvider.PostgreSQL && settings?.ContainsKey("Storage:ConnectionString") != true
            ? await TestPostgres.NewDatabaseAsync()
            : null;
        var folder = ownsFolder ? Directory.CreateTempSubdirectory("makker-it-").FullName : settings!["Storage:DataDirectory"];
        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Production",
            ["Storage:DataDirectory"] = folder,
            ["Bot:SeedDemo"] = "true",
            ["WebChat:Enabled"] = "true",
            ["WebChat:AllowOutsideDevelopment"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Hangfire looks on the wall clock; once a second, a step the test's clock made due runs within moments.
            ["Scheduler:SweepEverySeconds"] = "1",
        };
        if (ownPostgres is not null)
        {
            all["Storage:Provider"] = "PostgreSQL";
            all["Storage:ConnectionString"] = ownPostgres;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }
        clock ??= NewClock();
        var app = MakkerHost.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray(),
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock!);
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                }
                services?.Invoke(builder.Services);
            });
        await app.Services.PrepareMakkerAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, folder, ownsFolder, ownPostgres, clock, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A Tuesday morning in Copenhagen, far from any daylight-saving change.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public MakkerDb Db() => Services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    public HttpClient Client() => new() { BaseAddress = BaseAddress };

    /// <summary>/start and the yes in the web chat, as someone trying the page as a demo person does.</summary>
    public async Task WebChatConsentAsync(string who, string name)
    {
        await WebChatPostAsync(who, new WebChatIncoming("/start", null, null, name, "da"));
        await WebChatPressAsync(who, name, buttons => buttons[0][0]);
    }

    /// <summary>Presses the button with this label on the newest web chat message to this person that shows it.</summary>
    public Task WebChatPressAsync(string who, string name, string label) =>
        WebChatPressAsync(who, name, buttons => buttons.SelectMany(row => row).FirstOrDefault(b => b.Label == label));

    private async Task WebChatPressAsync(string who, string name, Func<IReadOnlyList<IReadOnlyList<Button>>, Button?> pick)
    {
        List<OutboxMessage> shown;
        await using (var db = Db())
        {
            shown = await db.Outbox.Where(o => o.Address == who && o.ButtonsJson != null).OrderByDescending(o => o.Id).ToListAsync();
        }
        var (row, button) = shown.Select(r => (Row: r, Button: pick(OutboxButtons.Parse(r.ButtonsJson)))).First(x => x.Button is not null);
        await WebChatPostAsync(who, new WebChatIncoming(null, button!.Payload, row.Id, name, "da"));
    }

    private async Task WebChatPostAsync(string who, WebChatIncoming incoming)
    {
        using var http = Client();
        (await http.PostAsJsonAsync($"api/webchat/{who}/messages", incoming)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownPostgres is not null)
        {
            await TestPostgres.ReturnAsync(_ownPostgres);
        }
        if (_ownsFolder)
        {
            DeleteFolder(Folder);
        }
    }

    public static void DeleteFolder(string folder)
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
}
