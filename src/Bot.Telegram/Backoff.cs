namespace Makker.Telegram;

/// <summary>Exponential waits with jitter, so many chats or instances do not retry in step.</summary>
public static class Backoff
{
    public static TimeSpan For(int attempt, TimeSpan max)
    {
        var seconds = Math.Min(max.TotalSeconds, Math.Pow(2, Math.Max(0, attempt - 1)));
        // ±20 % jitter.
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
