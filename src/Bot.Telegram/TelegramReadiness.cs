using Makker.Operations;
using Makker.Telegram.Client;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Makker.Telegram;

/// <summary>Telegram answers getMe. Asked at most every half minute, so a load balancer's probes do not reach Telegram.</summary>
public sealed class TelegramReadiness(ITelegramBotClient client, TimeProvider clock) : IReadinessCheck
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, ReadinessResult Result)? _last;

    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.At < Keep)
            {
                return last.Result;
            }
            ReadinessResult result;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await client.GetMe(timeout.Token);
                result = new ReadinessResult("telegram", true, "ok");
            }
            catch (Exception e) when (e is RequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                result = new ReadinessResult("telegram", false, e is ApiRequestException api ? $"error {api.ErrorCode}" : "not reachable");
            }
            _last = (now, result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
