using System.Net;
using System.Text.Json;
using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Testing;

namespace Makker.IntegrationTests.Operations;

/// <summary>/healthz says the process lives; /readyz says whether it can work: database, scheduler, Telegram.</summary>
public class ReadinessTests : RunsOnBothDatabases
{
    private static async Task<(HttpStatusCode Status, Dictionary<string, bool> Checks)> ReadyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var response = await http.GetAsync("readyz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ready").GetBoolean());
        return (response.StatusCode, checks);
    }

    /// <summary>/readyz once it says ready, or as it last answered if it never does within the wait.</summary>
    private static async Task<(HttpStatusCode Status, Dictionary<string, bool> Checks)> ReadySoonAsync(Uri baseAddress)
    {
        // Eventually asks at least once, so this is always an answer of the server's.
        (HttpStatusCode Status, Dictionary<string, bool> Checks) last = default;
        try
        {
            await Eventually.WaitAsync(async () => (last = await ReadyAsync(baseAddress)).Status == HttpStatusCode.OK,
                "/readyz to say ready", TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            // The caller's assertions then name what is not ready.
        }
        return last;
    }

    [SkippableFact]
    public async Task Ready_with_the_database_and_the_scheduler_running_and_alive_always()
    {
        await using var host = await RunningHost.StartAsync(storage: Provider);
        using var http = host.Client();

        // Alive from the first request; ready once Hangfire's server has announced itself, just after the host started.
        Assert.Equal("ok", await http.GetStringAsync("healthz"));
        var (status, checks) = await ReadySoonAsync(host.BaseAddress);
        Assert.Equal(new Dictionary<string, bool> { ["database"] = true, ["scheduler"] = true }, checks);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", await http.GetStringAsync("healthz"));
    }

    [SkippableFact]
    public async Task Not_ready_while_Telegram_does_not_answer_and_ready_again_when_it_does()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var (status, checks) = await ReadySoonAsync(bed.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(checks["telegram"]);

        bed.Telegram.FailNext("getMe", 1, 502);
        bed.Clock.Advance(TimeSpan.FromSeconds(31)); // past the half minute a result is kept
        (status, checks) = await ReadyAsync(bed.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(checks["telegram"]);
        Assert.True(checks["database"]);

        bed.Clock.Advance(TimeSpan.FromSeconds(31));
        (status, _) = await ReadyAsync(bed.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}

public sealed class ReadinessTestsOnPostgres : ReadinessTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
