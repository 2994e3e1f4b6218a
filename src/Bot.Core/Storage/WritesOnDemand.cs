using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Makker.Storage;

/// <summary>
/// A turn's transaction on a single-writer database, begun at the turn's first write instead of at its start. The
/// reads before it (who is writing, their dialog, the button pressed, most of what a reply needs) then run beside other
/// turns' writes, as SQLite's WAL allows, and only the stretch from the first write to the commit waits for the
/// <see cref="WriteGate"/>. Those early reads each see the newest commit, the isolation PostgreSQL's read committed
/// gives every turn there; where two people can race for one thing (a shift's last place, a button, a code) a
/// concurrency token decides, on both databases. One person's turns never overlap (the engine's person gate).
/// </summary>
public sealed class WritesOnDemand : IAsyncDisposable
{
    private readonly MakkerDb _db;
    private readonly WriteGate _gate;
    private WriteGate.Turn _turn;
    private IDbContextTransaction? _transaction;

    private WritesOnDemand(MakkerDb db, WriteGate gate)
    {
        _db = db;
        _gate = gate;
    }

    /// <summary>
    /// Starts a turn on <paramref name="db"/>: with a gate that admits one writer, the transaction begins at the first
    /// write; otherwise (row locks, PostgreSQL) it begins now.
    /// </summary>
    public static async Task<WritesOnDemand> StartAsync(MakkerDb db, WriteGate gate, CancellationToken ct)
    {
        var writes = new WritesOnDemand(db, gate);
        if (gate.SingleWriter)
        {
            // Kept open for the whole turn: outside a transaction EF would open and close the connection around every
            // read, and each open of a pooled SQLite connection sets it up again.
            await db.Database.OpenConnectionAsync(ct);
            db.WritesOnDemand = writes;
        }
        else
        {
            await writes.BeginAsync(ct);
        }
        return writes;
    }

    /// <summary>Whether a write has begun the transaction (and holds the gate).</summary>
    public bool Begun => _transaction is not null;

    internal async ValueTask BeginAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            return;
        }
        _turn = await _gate.EnterAsync(ct);
        try
        {
            _transaction = await _db.Database.BeginTransactionAsync(ct);
        }
        catch
        {
            _turn.Dispose();
            _turn = default;
            throw;
        }
        // A failed save abandons the whole turn, so EF's savepoint around each save (two statements) buys nothing.
        _db.Database.AutoSavepointsEnabled = false;
    }

    internal void Begin()
    {
        if (_transaction is not null)
        {
            return;
        }
        _turn = _gate.Enter();
        try
        {
            _transaction = _db.Database.BeginTransaction();
        }
        catch
        {
            _turn.Dispose();
            _turn = default;
            throw;
        }
        _db.Database.AutoSavepointsEnabled = false;
    }

    /// <summary>Commits what the turn wrote; a turn that wrote nothing has nothing to commit.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(ct);
        }
    }

    /// <summary>Rolls back what was not committed, then lets the next writer in.</summary>
    public async ValueTask DisposeAsync()
    {
        // A pooled context goes back to the pool with this turn; the next user must not find it.
        if (_db.WritesOnDemand == this)
        {
            _db.WritesOnDemand = null;
        }
        try
        {
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync();
            }
        }
        finally
        {
            _turn.Dispose();
            if (_gate.SingleWriter)
            {
                await _db.Database.CloseConnectionAsync();
            }
        }
    }
}

/// <summary>
/// Begins a turn's <see cref="WritesOnDemand"/> before a write that does not go through SaveChanges (ExecuteUpdate,
/// ExecuteDelete, SQL of our own), so it is inside the turn's transaction and rolled back with it.
/// </summary>
internal sealed class WritesOnDemandInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    private static void BeginIfWrite(DbCommand command, CommandEventData eventData)
    {
        if (Pending(command, eventData) is { } db)
        {
            db.WritesOnDemand!.Begin();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        }
    }

    private static async ValueTask BeginIfWriteAsync(DbCommand command, CommandEventData eventData, CancellationToken ct)
    {
        if (Pending(command, eventData) is { } db)
        {
            await db.WritesOnDemand!.BeginAsync(ct);
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        }
    }

    /// <summary>The context whose turn has not begun its transaction yet, when this command may write.</summary>
    private static MakkerDb? Pending(DbCommand command, CommandEventData eventData) =>
        eventData.Context is MakkerDb { WritesOnDemand: { Begun: false } } db && !IsRead(command.CommandText) ? db : null;

    // Only what EF's queries start with counts as a read; anything else is taken for a write, to be safe.
    private static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }
}
