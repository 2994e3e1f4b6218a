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
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Sent).SetProperty(o => o.SentAt, at)
                .SetProperty(o => o.Text, o => o.TextWhenSent ?? o.Text).SetProperty(o => o.TextWhenSent, (string?)null), ct);
    }

    /// <summary>
    /// The channel says this address cannot be reached (the person blocked the bot, the chat is gone): stop
    /// sending to them until they write again. What was still waiting for them is parked with the reason.
    /// </summary>
    public static async Task MarkUnreachableAsync(MakkerDb db, string channel, string address, string reason, CancellationToken ct = default)
    {
        await db.People.Where(p => p.Channel == channel && p.ExternalId == address)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Unreachable, true), ct);
        // What was meant to vanish once delivered (contact details, a login link) is not kept for someone who cannot get it.
        await db.Outbox.Where(o => o.Channel == channel && o.Address == address && o.Status == OutboxStatus.Pending
            && (o.DeleteWhenSent || o.TextWhenSent != null)).ExecuteDeleteAsync(ct);
        await db.Outbox.Where(o => o.Channel == channel && o.Address == address && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Failed).SetProperty(o => o.LastError, reason), ct);
    }

    /// <summary>The channel says the address works again (the person unblocked the bot).</summary>
    public static Task MarkReachableAsync(MakkerDb db, string channel, string address, CancellationToken ct = default) =>
        db.People.Where(p => p.Channel == channel && p.ExternalId == address)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Unreachable, false), ct);
}
