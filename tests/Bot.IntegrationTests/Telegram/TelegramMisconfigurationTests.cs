using System.Collections.Concurrent;
using System.Net;
using Makker.IntegrationTests.Support;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.Extensions.Logging;

namespace Makker.IntegrationTests.Telegram;

/// <summary>
/// A token that is no token, a token Telegram refuses, or a Bot API server nobody answers at: each is said in one
/// clear log line, and the rest of the host (web chat, health, dashboard, scheduler) keeps serving.
/// </summary>
public sealed class TelegramMisconfigurationTests
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }

    private static async Task AssertServesTheRestAsync(RunningHost host)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        await host.WebChatConsentAsync("demo-anna", "Anna");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz")).StatusCode);
    }

    [Fact]
    public async Task A_token_that_is_no_bot_token_is_one_critical_line_and_the_channel_stays_off()
    {
        var logs = new Capture();
        const string token = "paste-your-token-here";
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["Telegram:BotToken"] = token }, logs: logs);

        await AssertServesTheRestAsync(host);

        var line = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.Contains("does not look like a bot token", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_Telegram_refuses_is_one_critical_line_and_nothing_keeps_knocking()
    {
        var logs = new Capture();
        var clock = RunningHost.NewClock();
        await using var telegram = await FakeTelegramServer.StartAsync(clock);
        const string token = "123456:REVOKED-token-value";
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string>
        {
            ["Telegram:BotToken"] = token,
            ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = "Polling",
            ["Telegram:PollTimeoutSeconds"] = "1",
        }, clock, logs);

        await telegram.WaitUntilAsync(() => logs.Lines.Count(l => l.Level >= LogLevel.Error) >= 2, TimeSpan.FromSeconds(20));
        var calls = telegram.Calls.Count;
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(500);

        await AssertServesTheRestAsync(host);
        // The set-up and the poller each say it once, and then stop asking.
        Assert.All(logs.Lines.Where(l => l.Level >= LogLevel.Error), l => Assert.Contains("refused the bot token (401)", l.Text, StringComparison.Ordinal));
        Assert.Equal(2, logs.Lines.Count(l => l.Level >= LogLevel.Error));
        Assert.InRange(telegram.Calls.Count - calls, 0, 1);
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Bot_API_server_that_cannot_be_reached_is_a_warning_per_try_and_the_rest_serves()
    {
        var logs = new Capture();
        var closedPort = Loopback.FreePort();
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string>
        {
            ["Telegram:BotToken"] = "123456:TEST-fake-token",
            ["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{closedPort}",
            ["Telegram:Mode"] = "Polling",
        }, logs: logs);

        await Eventually.WaitAsync(() => Task.FromResult(logs.Lines.Any(l => l.Text.Contains("Telegram set-up failed", StringComparison.Ordinal))),
            "the set-up to say Telegram cannot be reached");

        await AssertServesTheRestAsync(host);
        var line = logs.Lines.First(l => l.Text.Contains("Telegram set-up failed", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("network failure (ConnectionError)", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Lines, l => l.Text.Contains("TEST-fake-token", StringComparison.Ordinal));
    }
}
