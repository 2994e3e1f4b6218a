using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Coordination;

/// <summary>
/// Coordination's part of retention: an audit entry older than the window keeps what happened and when, not who did it
/// nor whom it was about; role requests nobody answered go; a set-up code nobody used goes once it has run out.
/// </summary>
public sealed class CoordinationRetention : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.AuditLog.Where(a => a.At < cutoff && (a.PersonId != null || a.Detail != null))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PersonId, (long?)null).SetProperty(a => a.Detail, (string?)null), ct)
        + await db.RoleRequests.Where(r => r.RequestedAt < cutoff).ExecuteDeleteAsync(ct)
        + await db.SetupCodes.Where(c => c.RedeemedAt == null && c.CreatedAt <= now - SetupCodes.Lifetime).ExecuteDeleteAsync(ct);
}
