namespace Makker.Storage;

/// <summary>
/// Lets this process's write transactions take turns before they reach the database. SQLite has one writer at
/// a time: concurrent turns would otherwise all start a transaction, find the file locked, and poll for it,
/// each blocking a thread-pool thread while it sleeps between tries, so under load the waits grow long and
/// unfair and the pool runs out of threads. Queued here they wait without a thread, in arrival order, and each
/// finds the lock free. Writers that do not queue here (single-statement updates, another process) still meet
/// in SQLite's busy timeout. With a provider that has row locks every transaction goes straight through.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _gate;

    public WriteGate(bool singleWriter)
    {
        _gate = singleWriter ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>Waits for this process's turn to write; dispose the result after the transaction has ended.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken ct)
    {
        if (_gate is null)
        {
            return default;
        }
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
