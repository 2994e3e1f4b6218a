using Microsoft.Extensions.Options;

namespace Makker.Telegram.Sending;

/// <summary>
/// Keeps Telegram's sending limits for the bot: at most <see cref="TelegramOptions.MessagesPerSecond"/> in any
/// second overall, and a gap after each message to the same chat (a second for a person, three for a group:
/// 20 a minute).
/// </summary>
/// <remarks>
/// Telegram counts a message when it arrives, which is somewhere between our start and the end of the call.
/// So a send holds its place from its start until a full second after it ended: any second of arrivals then
/// holds at most the limit, however the calls' durations vary. A chat's next message waits a full gap after
/// the previous call ended, for the same reason.
/// </remarks>
public sealed class TelegramRateLimiter(TimeProvider clock, IOptions<TelegramOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PrivateChatGap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GroupChatGap = TimeSpan.FromSeconds(3);

    private readonly int _perWindow = Math.Max(1, (int)options.Value.MessagesPerSecond);
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _recentEnds = new();
    private readonly Dictionary<long, DateTimeOffset> _chatNext = [];
    private int _inFlight;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _released = NewSignal();

    /// <summary>Waits until a message to this chat may start; pair every call with <see cref="Release"/>.</summary>
    public async Task WaitForSlotAsync(long chatId, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            Task released;
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                while (_recentEnds.Count > 0 && _recentEnds.Peek() + Window <= now)
                {
                    _recentEnds.Dequeue();
                }
                var chatReady = _chatNext.GetValueOrDefault(chatId, DateTimeOffset.MinValue);
                var windowFull = _inFlight + _recentEnds.Count >= _perWindow;
                if (!windowFull && chatReady <= now && _pausedUntil <= now)
                {
                    _inFlight++;
                    return;
                }
                // A full window opens when its oldest send ages out, or when a call in flight ends.
                var windowReady = !windowFull ? now : _recentEnds.Count > 0 ? _recentEnds.Peek() + Window : DateTimeOffset.MaxValue;
                var ready = Max(windowReady, Max(chatReady, _pausedUntil));
                wait = ready == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : ready - now;
                released = _released.Task;
            }
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(wait, clock, stopWaiting.Token);
            await Task.WhenAny(delay, released);
            await stopWaiting.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The call to this chat has ended (whether Telegram took the message or not).</summary>
    public void Release(long chatId)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            _inFlight--;
            _recentEnds.Enqueue(now);
            _chatNext[chatId] = now + (TelegramAddress.IsGroup(chatId) ? GroupChatGap : PrivateChatGap);
            if (_chatNext.Count > 50_000)
            {
                ForgetIdleChats(now);
            }
            released = _released;
            _released = NewSignal();
        }
        released.TrySetResult();
    }

    /// <summary>Telegram said 429: nobody sends anything before it allows it again.</summary>
    public void PauseAll(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _pausedUntil = Max(_pausedUntil, clock.GetUtcNow() + retryAfter);
        }
    }

    private void ForgetIdleChats(DateTimeOffset now)
    {
        foreach (var (chat, next) in _chatNext.ToList())
        {
            if (next < now)
            {
                _chatNext.Remove(chat);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
