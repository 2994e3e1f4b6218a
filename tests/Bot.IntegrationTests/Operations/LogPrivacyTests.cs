using System.Collections.Concurrent;
using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.Extensions.Logging;

namespace Makker.IntegrationTests.Operations;

/// <summary>Logs carry ids and counts, never what people wrote, nor the bot's token or webhook secret.</summary>
public class LogPrivacyTests : RunsOnBothDatabases
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                var text = state is IEnumerable<KeyValuePair<string, object>> fields ? string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}")) : state.ToString();
                capture.Lines.Enqueue($"{category} scope {text}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
        }
    }

    [SkippableFact]
    public async Task A_conversation_over_Telegram_logs_no_message_text_and_no_token()
    {
        var logs = new Capture();
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook,
            new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Trace" }, logs: logs, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna", "da");
        await bed.ConsentAsync(anna);
        const string secret = "mit-hemmelige-ord-7319";
        await anna.SendTextAsync(secret);
        await bed.AdvanceUntilAsync(() => anna.Messages.Count(m => m.FromBot) >= 4);

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("UpdateId", StringComparison.Ordinal)); // the correlation id is there
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(bed.Telegram.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Tak, Anna", StringComparison.Ordinal)); // nor what the bot wrote
    }
}

public sealed class LogPrivacyTestsOnPostgres : LogPrivacyTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
