using Makker.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makker.Telegram.Client;

/// <summary>
/// Stands in for the Telegram channel when Telegram:BotToken is not a bot token at all: says so once at start, and
/// tells /readyz, while everything else keeps serving. The token itself is never repeated.
/// </summary>
public sealed class TelegramTokenRefused(ILogger<TelegramTokenRefused> log) : IHostedService, IReadinessCheck
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogCritical("Telegram:BotToken does not look like a bot token from BotFather (digits, a colon, then letters and digits); the Telegram channel stays off");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ReadinessResult> CheckAsync(CancellationToken ct) => Task.FromResult(new ReadinessResult("telegram", false, "the bot token is malformed"));
}
