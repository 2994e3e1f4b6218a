using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// Participation's part of retention: old RSVPs, nudges sent and company requests go. Before an RSVP goes, that the
/// person came is kept on their membership (<see cref="ActivityMember.CameBefore"/>), so they stay no first-timer.
/// </summary>
public sealed class ParticipationRetention : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var old = db.Rsvps.Where(r => r.AnsweredAt < cutoff);
        await db.ActivityMembers.Where(m => !m.CameBefore && old.Any(r => r.PersonId == m.PersonId && r.Answer == RsvpAnswer.Coming
                && db.Occurrences.Any(o => o.Id == r.OccurrenceId && o.ActivityId == m.ActivityId && o.CancelledAt == null && o.StartsAt < now)))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CameBefore, true), ct);
        var rows = await old.ExecuteDeleteAsync(ct);
        rows += await db.NudgesSent.Where(n => n.SentAt < cutoff).ExecuteDeleteAsync(ct);
        rows += await db.CompanyPrompts.Where(p => p.AskedAt < cutoff).ExecuteDeleteAsync(ct);
        rows += await db.CompanyRequests.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        return rows;
    }
}
