using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Makker.Features.Participation;

/// <summary>What one run of a step did: how many people got a message, and when it runs again (a repeating step).</summary>
public sealed record StepRunResult(int Messages, DateTimeOffset? NextDueAt);

/// <summary>
/// Runs one step of one occurrence and fans out to people at that moment. Each step runs once: its row is claimed
/// first (an update that waits for, and then sees, any other run of the same step) and marked done in the same
/// transaction as its messages. A second run, on this instance or another, finds it done and does nothing.
/// </summary>
public sealed class OccurrenceStepRunner(
    IDbContextFactory<MakkerDb> dbs,
    ConversationEngine engine,
    ActivityDirectory directory,
    OutboxSignal signal,
    WriteGate gate,
    IEnumerable<IOccurrenceStep> steps,
    ILogger<OccurrenceStepRunner> log)
{
    private readonly Dictionary<string, IOccurrenceStep> _steps = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IOccurrenceStep? Find(string name) => _steps.GetValueOrDefault(name);

    /// <param name="early">Runs the step before its time (the local demo's "next step now" button).</param>
    /// <returns>What the run did; null when it did not run (already done, or not planned).</returns>
    public async Task<StepRunResult?> RunAsync(long occurrenceId, string step, DateTimeOffset now, CancellationToken ct, bool early = false)
    {
        using var turn = await gate.EnterAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim: on PostgreSQL another run of the same step waits here until this one commits, then finds it done.
        var claimed = await db.OccurrenceSteps.Where(s => s.OccurrenceId == occurrenceId && s.Step == step && s.DoneAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DueAt, x => x.DueAt), ct);
        if (claimed == 0)
        {
            return null;
        }
        log.LogDebug("Running {Step} of occurrence {OccurrenceId}", step, occurrenceId);
        var row = await db.OccurrenceSteps.SingleAsync(s => s.OccurrenceId == occurrenceId && s.Step == step, ct);
        var occurrence = await db.Occurrences.FindAsync([occurrenceId], ct);
        var place = occurrence is null ? null : await directory.FindAsync(db, occurrence.ActivityId, ct);
        var kind = _steps.GetValueOrDefault(step);
        if (occurrence is null || place is null || kind is null)
        {
            // A step this version no longer has: let it go rather than look at it again and again.
            row.DoneAt = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new StepRunResult(0, null);
        }
        var due = kind.Repeats ? row.DueAt : kind.DueAt(place.Activity, occurrence, place.Zone);
        if (due is null || occurrence.CancelledAt is not null)
        {
            row.DoneAt = now;
        }
        else if (!early && due > now.AddMinutes(1))
        {
            // The activity's times moved later after this run was scheduled: it runs at the new time instead. A run that
            // came early for a time already known (a second job of a repeating step) asks for no job of its own.
            var moved = row.DueAt != due.Value;
            row.DueAt = due.Value;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new StepRunResult(0, moved ? due : null);
        }
        var contexts = new List<TurnContext>();
        if (row.DoneAt is null)
        {
            var outcome = await kind.RunAsync(new StepRun(db, place, occurrence, due!.Value, now, person =>
            {
                var ctx = engine.CreateOutreach(db, person, now, place.Zone);
                contexts.Add(ctx);
                return ctx;
            }), ct);
            if (outcome.RunAgainAt is { } again)
            {
                row.DueAt = again;
            }
            else
            {
                row.DoneAt = now;
            }
        }
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        var messages = contexts.Count(c => c.WroteMessages);
        log.LogInformation("Ran {Step} of occurrence {OccurrenceId}: {Messages} message(s)", step, occurrenceId, messages);
        return new StepRunResult(messages, row.DoneAt is null ? row.DueAt : null);
    }
}
