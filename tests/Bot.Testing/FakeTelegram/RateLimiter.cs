namespace Makker.Testing.FakeTelegram;

/// <summary>Sliding windows on the server's clock, so a test advances a fake clock instead of waiting.</summary>
internal sealed class RateLimiter
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes a slot in every window, or none when one of them is full (then says how long until it frees).</summary>
    public bool TryAcquire(DateTimeOffset now, IReadOnlyList<(string Key, int Limit, TimeSpan Window)> rules, out int retryAfterSeconds)
    {
        var wait = TimeSpan.Zero;
        foreach (var (key, limit, window) in rules)
        {
            var hits = Hits(key);
            while (hits.Count > 0 && hits.Peek() + window <= now)
            {
                hits.Dequeue();
            }
            if (hits.Count >= limit)
            {
                var free = hits.Peek() + window - now;
                wait = free > wait ? free : wait;
            }
        }
        if (wait > TimeSpan.Zero)
        {
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return false;
        }
        foreach (var (key, _, _) in rules)
        {
            Hits(key).Enqueue(now);
        }
        retryAfterSeconds = 0;
        return true;
    }

    private Queue<DateTimeOffset> Hits(string key)
    {
        if (!_windows.TryGetValue(key, out var hits))
        {
            hits = new Queue<DateTimeOffset>();
            _windows[key] = hits;
        }
        return hits;
    }
}
