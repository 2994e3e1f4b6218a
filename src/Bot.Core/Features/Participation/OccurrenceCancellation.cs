using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>Cancels one occurrence: everyone who said they'd come hears it, and nothing more is sent for it.</summary>
public sealed class OccurrenceCancellation(IDbContextFactory<MakkerDb> dbs, ConversationEngine engine, ActivityDirectory directory, OutboxSignal signal)
{
    public async Task<bool> CancelAsync(long occurrenceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var occurrence = await db.Occurrences.FindAsync([occurrenceId], ct);
        if (occurrence is null || occurrence.CancelledAt is not null || occurrence.StartsAt <= now
            || await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
        {
            return false;
        }
        occurrence.CancelledAt = now;
        var coming = await (from r in db.Rsvps
                            join p in db.People on r.PersonId equals p.Id
                            where r.OccurrenceId == occurrenceId && r.Answer == RsvpAnswer.Coming && !p.Unreachable
                            select p).ToListAsync(ct);
        // A buddy who said yes to meeting someone on the way said they'd come too.
        var buddies = await db.People.Where(p => !p.Unreachable && db.CompanyRequests.Any(r =>
            r.OccurrenceId == occurrenceId && r.Status == CompanyStatus.Matched && r.BuddyPersonId == p.Id)).ToListAsync(ct);
        var contexts = new List<TurnContext>();
        foreach (var person in coming.Concat(buddies).DistinctBy(p => p.Id))
        {
            var ctx = engine.CreateOutreach(db, person, now, place.Zone);
            ctx.Send(ctx.T(ParticipationTexts.OccurrenceCancelled, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone)));
            contexts.Add(ctx);
        }
        await db.CompanyRequests.Where(r => r.OccurrenceId == occurrenceId && r.Status != CompanyStatus.Withdrawn)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CompanyStatus.Withdrawn).SetProperty(r => r.ResolvedAt, now), ct);
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        return true;
    }
}
