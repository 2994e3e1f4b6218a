using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

/// <summary>Whether the lease is held, and until when another holder had it if it was just taken over from them.</summary>
public sealed record LeaseGrant(bool Held, DateTimeOffset? OtherHolderUntil = null);

/// <summary>Takes, renews and lets go of a <see cref="Lease"/> with single statements, so two instances never both hold one.</summary>
public sealed class Leases(IDbContextFactory<MakkerDb> dbs)
{
    /// <summary>Held when <paramref name="holder"/> has the lease until <paramref name="now"/> + <paramref name="ttl"/>.</summary>
    public async Task<LeaseGrant> HoldAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var until = now + ttl;
        var before = await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == name, ct);
        // Renew our own, or take one that ran out: the WHERE makes it one winner when two try at once.
        var taken = await db.Leases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1)
        {
            return new LeaseGrant(true, before is not null && before.Holder != holder ? before.ExpiresAt : null);
        }
        if (before is not null || await db.Leases.AnyAsync(l => l.Name == name, ct))
        {
            return new LeaseGrant(false);
        }
        try
        {
            db.Leases.Add(new Lease { Name = name, Holder = holder, ExpiresAt = until });
            await db.SaveChangesAsync(ct);
            return new LeaseGrant(true);
        }
        catch (DbUpdateException)
        {
            return new LeaseGrant(false); // another instance created it a moment earlier
        }
    }

    /// <summary>Lets go at a clean shutdown, so another instance need not wait for it to run out.</summary>
    public async Task ReleaseAsync(string name, string holder, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Leases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
    }
}
