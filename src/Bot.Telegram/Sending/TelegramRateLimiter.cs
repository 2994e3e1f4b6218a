using Microsoft.Extensions.Options;

namespace Makker.Telegram.Sending;

/// <summary>
/// Keeps Telegram's sending limits for the bot: a gap between any two messages (about 30 a second overall),
/// at least a second between two messages to the same person, three seconds in a group (20 a minute). Each
/// send reserves the next free slot, so waiting callers keep their order.
/// </summary>
public sealed class TelegramRateLimiter(TimeProvider clock, IOptions<TelegramOptions> options)
{
    // A hair above the limits, so rounding on either side never turns into a 429.
    private static readonly TimeSpan PrivateChatGap = TimeSpan.FromMilliseconds(1010);
    private static readonly TimeSpan GroupChatGap = TimeSpan.FromMilliseconds(3030);

    private readonly TimeSpan _globalGap = TimeSpan.FromSeconds(1 / Math.Max(0.1, options.Value.MessagesPerSecond));
    private readonly Lock _lock = new();
    private readonly Dictionary<long, DateTimeOffset> _chatNext = [];
    private DateTimeOffset _globalNext = DateTimeOffset.MinValue;

    public async Task WaitForSlotAsync(long chatId, CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            var slot = Max(now, Max(_globalNext, _chatNext.GetValueOrDefault(chatId, DateTimeOffset.MinValue)));
            _globalNext = slot + _globalGap;
            _chatNext[chatId] = slot + Gap(chatId);
            wait = slot - now;
            if (_chatNext.Count > 50_000)
            {
                ForgetIdleChats(now);
            }
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>
    /// A send to this chat just finished. Telegram measures the per-chat gap from when a message arrives,
    /// which can be later than its slot, so the next one waits a full gap from now.
    /// </summary>
    public void Sent(long chatId)
    {
        lock (_lock)
        {
            var earliest = clock.GetUtcNow() + Gap(chatId);
            if (_chatNext.GetValueOrDefault(chatId, DateTimeOffset.MinValue) < earliest)
            {
                _chatNext[chatId] = earliest;
            }
        }
    }

    /// <summary>Telegram said 429: nobody sends anything before it allows it again.</summary>
    public void PauseAll(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _globalNext = Max(_globalNext, clock.GetUtcNow() + retryAfter);
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

    private static TimeSpan Gap(long chatId) => TelegramAddress.IsGroup(chatId) ? GroupChatGap : PrivateChatGap;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
