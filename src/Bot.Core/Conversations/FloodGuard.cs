using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Makker.Conversations;

public sealed class FloodOptions
{
    public const string Section = "Flood";

    /// <summary>This many messages from one person within a minute get one "slow down", and then no replies for a while.</summary>
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>How long the bot stays quiet towards that person after the "slow down".</summary>
    public int QuietMinutes { get; set; } = 10;
}

public enum FloodVerdict
{
    /// <summary>An ordinary turn.</summary>
    Answer,

    /// <summary>Too many in a minute: one gentle "slow down", and nothing else this turn.</summary>
    SlowDown,

    /// <summary>After the "slow down": no reply at all until the quiet time is over.</summary>
    Quiet,
}

/// <summary>
/// One person (or script) sending a flood gets one gentle "slow down" and then silence for a while; everyone else is
/// served as before. Counted per person in this process's memory, on product time (<see cref="TimeProvider"/>).
/// </summary>
public sealed class FloodGuard(TimeProvider clock, IOptions<FloodOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<PersonKey, Sender> _senders = new();
    private int _notes;

    private sealed class Sender
    {
        public readonly Queue<DateTimeOffset> Recent = new();
        public DateTimeOffset QuietUntil;
    }

    /// <summary>Counts one incoming message from <paramref name="from"/> and says how to treat it.</summary>
    public FloodVerdict Note(PersonKey from)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _notes) % 1024 == 0)
        {
            Forget(now);
        }
        var sender = _senders.GetOrAdd(from, _ => new Sender());
        lock (sender)
        {
            if (now < sender.QuietUntil)
            {
                return FloodVerdict.Quiet;
            }
            sender.Recent.Enqueue(now);
            while (sender.Recent.Peek() <= now - Window)
            {
                sender.Recent.Dequeue();
            }
            if (sender.Recent.Count < options.Value.MessagesPerMinute)
            {
                return FloodVerdict.Answer;
            }
            sender.Recent.Clear();
            sender.QuietUntil = now.AddMinutes(options.Value.QuietMinutes);
            return FloodVerdict.SlowDown;
        }
    }

    /// <summary>Drops senders with nothing in the last minute and no quiet time left, so the memory stays small.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, sender) in _senders)
        {
            lock (sender)
            {
                if (now >= sender.QuietUntil && (sender.Recent.Count == 0 || sender.Recent.Last() <= now - Window))
                {
                    _senders.TryRemove(key, out _);
                }
            }
        }
    }
}
