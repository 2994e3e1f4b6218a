using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Volunteering;

/// <summary>Volunteering's part of retention: who was asked about, and who took, shifts long past.</summary>
public sealed class VolunteeringRetention : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.ShiftPrompts.Where(p => p.AskedAt < cutoff).ExecuteDeleteAsync(ct)
        + await db.ShiftAssignments.Where(a => a.AcceptedAt < cutoff).ExecuteDeleteAsync(ct);
}
