using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Dashboard;

/// <summary>The dashboard's part of retention: login links long used or run out.</summary>
public sealed class DashboardRetention : IRetentionPart
{
    public Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct) =>
        db.DashboardLogins.Where(l => l.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
}
