using Microsoft.Extensions.Logging;
using Makker.Host;
using Microsoft.AspNetCore.Builder;
using Makker.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.Support;

/// <summary>The real host on a free loopback port, with its own SQLite file and a fake clock.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsFolder;

    private RunningHost(WebApplication app, string folder, bool ownsFolder, FakeTimeProvider clock, Uri baseAddress)
    {
        _app = app;
        _ownsFolder = ownsFolder;
        Folder = folder;
        Clock = clock;
        BaseAddress = baseAddress;
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningHost> StartAsync(IDictionary<string, string>? settings = null, FakeTimeProvider? clock = null,
        ILoggerProvider? logs = null)
    {
        // A caller that brings its own data folder keeps it (to start another host on it); otherwise it is ours.
        var ownsFolder = settings?.ContainsKey("Storage:DataDirectory") != true;
        var folder = ownsFolder ? Directory.CreateTempSubdirectory("makker-it-").FullName : settings!["Storage:DataDirectory"];
        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Production",
            ["Storage:DataDirectory"] = folder,
            ["Bot:SeedDemo"] = "true",
            ["WebChat:Enabled"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
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
            });
        await app.Services.PrepareMakkerAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, folder, ownsFolder, clock, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A Tuesday morning in Copenhagen, far from any daylight-saving change.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public MakkerDb Db() => Services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    public HttpClient Client() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
