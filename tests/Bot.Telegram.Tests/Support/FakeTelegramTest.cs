using Makker.Telegram.Api;
using Makker.Testing.FakeTelegram;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Makker.Telegram.Tests.Support;

/// <summary>A fresh fake Telegram server per test, and a client pointed at it over real loopback HTTP.</summary>
public abstract class FakeTelegramTest : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<HttpClient> _httpClients = [];

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    protected FakeTelegramServer Fake { get; private set; } = null!;
    protected TelegramBotClient Client { get; private set; } = null!;
    protected ListLogger<TelegramBotClient> Log { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeTelegramServer.StartAsync(Clock);
        Client = NewClient();
    }

    public async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        foreach (var http in _httpClients)
        {
            http.Dispose();
        }

        // Whatever a test did, the client never wrote the token into a log line.
        Assert.DoesNotContain(Log.Lines, line => line.Contains(Fake.Token, StringComparison.Ordinal));
    }

    protected TelegramBotClient NewClient(int requestTimeoutSeconds = 10, string? token = null, string? apiBaseUrl = null)
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        var options = new TelegramOptions
        {
            BotToken = token ?? Fake.Token,
            ApiBaseUrl = apiBaseUrl ?? Fake.ApiBaseUrl.ToString(),
            RequestTimeoutSeconds = requestTimeoutSeconds,
        };
        return new TelegramBotClient(http, Options.Create(options), Log);
    }

    protected static InlineKeyboardMarkup Keyboard(params (string Label, string Data)[] buttons) => new()
    {
        InlineKeyboard = [buttons.Select(b => InlineKeyboardButton.WithCallback(b.Label, b.Data)).ToArray()],
    };

    /// <summary>Asserts an exception is safe to log: neither its message nor its full text carries the token.</summary>
    protected void AssertNoSecrets(Exception e)
    {
        Assert.DoesNotContain(Fake.Token, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.Token, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/bot", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Keeps every formatted log line, including exception texts, so tests can check what would be logged.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return _lines.ToArray(); } }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
        }
    }
}
