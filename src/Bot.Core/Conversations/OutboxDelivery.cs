using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Conversations;

/// <summary>What every channel does once a message has reached the person.</summary>
public static class OutboxDelivery
{
    /// <summary>
    /// Marks the messages as sent. A message meant to vanish (the goodbye after an erasure, a reply to someone
    /// we do not store) is deleted instead, so nothing of that person stays behind.
    /// </summary>
    public static async Task MarkDeliveredAsync(MakkerDb db, IReadOnlyCollection<long> ids, DateTimeOffset at, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await db.Outbox.Where(o => ids.Contains(o.Id) && o.DeleteWhenSent).ExecuteDeleteAsync(ct);
        await db.Outbox.Where(o => ids.Contains(o.Id) && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Sent).SetProperty(o => o.SentAt, at), ct);
    }
}
