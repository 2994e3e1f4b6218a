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
    /// <summary>Write turns between two checkpoints of SQLite's log (see <see cref="SqliteCheckpointer"/>).</summary>
    public const int TurnsPerCheckpoint = 100;

    private readonly SemaphoreSlim? _gate;
    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private int _sinceCheckpoint;

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
        return new Turn(this);
    }

    /// <summary>Completes once <see cref="TurnsPerCheckpoint"/> write turns have ended since the last time it completed.</summary>
    internal Task CheckpointDueAsync(CancellationToken ct) => _checkpointDue.WaitAsync(ct);

    private void Ended()
    {
        // Counted while the gate is still held: one writer at a time is here, and only it releases the signal, so the
        // signal is never released twice.
        if (++_sinceCheckpoint >= TurnsPerCheckpoint)
        {
            _sinceCheckpoint = 0;
            if (_checkpointDue.CurrentCount == 0)
            {
                _checkpointDue.Release();
            }
        }
        _gate!.Release();
    }

    public readonly struct Turn(WriteGate? owner) : IDisposable
    {
        public void Dispose() => owner?.Ended();
    }
}
