using Makker.Telegram.Client;
using Makker.Testing.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace Makker.Telegram.Tests.Support;

/// <summary>
/// A fresh fake Telegram server per test, and the Bot API client pointed at it over real loopback HTTP, built by the
/// same registration as in the host (Telegram.Bot through IHttpClientFactory, with Makker's call limits and logging).
/// </summary>
public abstract class FakeTelegramTest : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<ServiceProvider> _providers = [];

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    protected FakeTelegramServer Fake { get; private set; } = null!;
    protected ITelegramBotClient Client { get; private set; } = null!;

    /// <summary>Every line any logger of the client's services wrote, at every level.</summary>
    protected ListLogs Log { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeTelegramServer.StartAsync(Clock);
        Client = NewClient();
    }

    public async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        // Whatever a test did, nothing wrote the token into a log line.
        Assert.DoesNotContain(Log.Lines, line => line.Contains(Fake.Token, StringComparison.Ordinal));
    }

    protected ITelegramBotClient NewClient(int requestTimeoutSeconds = 10, int pollTimeoutSeconds = 50, string? token = null, string? apiBaseUrl = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(Log).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(Options.Create(new TelegramOptions
        {
            BotToken = token ?? Fake.Token,
            ApiBaseUrl = apiBaseUrl ?? Fake.ApiBaseUrl.ToString(),
            RequestTimeoutSeconds = requestTimeoutSeconds,
            PollTimeoutSeconds = pollTimeoutSeconds,
        }));
        services.AddTelegramClient();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ITelegramBotClient>();
    }

    protected static InlineKeyboardMarkup Keyboard(params (string Label, string Data)[] buttons) =>
        new(buttons.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Data)));

    /// <summary>Asserts an exception is safe to log: neither its message nor its full text carries the token.</summary>
    protected void AssertNoSecrets(Exception e)
    {
        Assert.DoesNotContain(Fake.Token, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.Token, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/bot", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Keeps every formatted log line of every category, including exception texts, so tests can check what would be logged.</summary>
public sealed class ListLogs : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return _lines.ToArray(); } }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
            {
                owner._lines.Add($"{category}: {formatter(state, exception)}" + (exception is null ? "" : " " + exception));
            }
        }
    }
}
