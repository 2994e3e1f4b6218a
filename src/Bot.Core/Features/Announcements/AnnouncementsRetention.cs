using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Announcements;

/// <summary>Announcements' part of retention: an old broadcast (who sent what, to whom) goes; its copies went with the messages.</summary>
public sealed class AnnouncementsRetention : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.Broadcasts.Where(b => b.CreatedAt < cutoff && !db.Outbox.Any(o => o.BroadcastId == b.Id && o.Status == OutboxStatus.Pending))
            .ExecuteDeleteAsync(ct);
}
