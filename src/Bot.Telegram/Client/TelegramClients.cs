using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Makker.Telegram.Client;

/// <summary>
/// Telegram.Bot's client, as Makker uses it: one typed client through IHttpClientFactory, with the call limits and
/// logging of <see cref="TelegramCallLimits"/> in its pipeline, and without the library's own waiting on 429.
/// </summary>
public static partial class TelegramClients
{
    public const string HttpClientName = "telegram";

    /// <summary>Digits (the bot's id), a colon, and the secret part, as BotFather gives it.</summary>
    public static bool LooksLikeToken(string? token) => token is not null && TokenPattern().IsMatch(token);

    /// <summary>
    /// The client over a given HttpClient. The library would wait out a 429 by itself (up to 60 s, three times) while
    /// holding the chat's turn; the dispatcher pauses every chat at once instead and keeps each chat's order, so the
    /// library's retry is off. A base URL other than Telegram's marks a self-hosted Bot API server (or a test's fake).
    /// </summary>
    public static TelegramBotClient Create(HttpClient http, TelegramOptions options)
    {
        var baseUrl = IsTelegramItself(options.ApiBaseUrl) ? null : options.ApiBaseUrl;
        return new TelegramBotClient(new TelegramBotClientOptions(options.BotToken!, baseUrl) { RetryThreshold = 0, RetryCount = 0 }, http);
    }

    internal static IServiceCollection AddTelegramClient(this IServiceCollection services)
    {
        services.AddSingleton<TelegramMetrics>();
        services.AddTransient<TelegramCallLimits>();
        services.AddHttpClient(HttpClientName)
            // Each call gets its own limit in TelegramCallLimits: a long poll needs a longer one than a send.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's own log lines name the request URL, and the URL holds the token.
            .RemoveAllLoggers()
            .AddHttpMessageHandler<TelegramCallLimits>()
            // The long-lived services keep the client they were given, so the pooled connections themselves are
            // renewed now and then (DNS changes are seen) instead of the factory's handler rotation.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddTypedClient<ITelegramBotClient>((http, sp) => Create(http, sp.GetRequiredService<IOptions<TelegramOptions>>().Value));
        return services;
    }

    private static bool IsTelegramItself(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host == "api.telegram.org" && uri.Scheme == Uri.UriSchemeHttps;

    [GeneratedRegex(@"^[0-9]{1,16}:[A-Za-z0-9_-]{1,200}$")]
    private static partial Regex TokenPattern();
}
