using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// One round of messages the bot starts itself through the nudge gate (the weekly ideas message, the quarterly
/// questions): one writer at a time, one transaction for the state and the outbox, the dispatcher woken only when
/// something was queued. The steps choose whom to write (<see cref="Nudges.MayNudge"/>, quiet hours); this is the frame.
/// </summary>
public sealed class GatedOutreach(IDbContextFactory<MakkerDb> dbs, WriteGate gate, OutboxSignal signal)
{
    /// <summary>Runs <paramref name="steps"/> in order; each adds its contexts and returns its own count. The counts, or null when nothing was queued.</summary>
    public async Task<int[]?> RunAsync(IReadOnlyList<Func<MakkerDb, List<TurnContext>, CancellationToken, Task<int>>> steps, CancellationToken ct)
    {
        // One writer at a time on SQLite, like a turn or a step; released after the transaction has ended.
        using var turn = await gate.EnterAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var contexts = new List<TurnContext>();
        var counts = new int[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            counts[i] = await steps[i](db, contexts, ct);
        }
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        if (contexts.Count == 0)
        {
            return null;
        }
        signal.Pulse();
        return counts;
    }
}
