namespace Makker.Conversations;

/// <summary>
/// Wakes the channel senders as soon as a turn has committed new outbox rows, so a reply goes out at once
/// instead of at the next look at the table.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Pulse()
    {
        // One pending wake-up is enough: the sender reads everything that is due when it wakes. Most turns find one
        // pending already; looked at first, because a thrown and caught exception per turn showed in the profile.
        if (_pending.CurrentCount > 0)
        {
            return;
        }
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another turn pulsed between the look and the release.
        }
    }

    /// <summary>Waits for a pulse, at most <paramref name="timeout"/> on the given clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, clock, linked.Token);
        var pulse = _pending.WaitAsync(linked.Token);
        await Task.WhenAny(delay, pulse);
        await linked.CancelAsync();
        ct.ThrowIfCancellationRequested();
        // Swallow the cancellation of whichever task lost.
        await Task.WhenAll(delay, pulse).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
