using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Evaluation;

/// <summary>A community's partners, set from the dashboard (and the chat): the rules in one place for both.</summary>
public static class Partners
{
    public const string AddedAction = "partner.add";
    public const string MineAction = "partner.mine";

    /// <summary>The name as kept, or null when it is empty or too long.</summary>
    public static string? Name(string? typed) =>
        typed?.Trim() is { Length: > 0 and <= EvaluationLimits.MaxPartnerName } name ? name : null;

    public static async Task<List<Partner>> OfAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        await db.Partners.AsNoTracking().Where(p => p.CommunityId == communityId).OrderBy(p => p.Name).ToListAsync(ct);

    /// <summary>The partner a coordinator belongs to in a community, if they said.</summary>
    public static async Task<long?> MineAsync(MakkerDb db, long communityId, long personId, CancellationToken ct) =>
        await db.PartnerCoordinators.Where(p => p.CommunityId == communityId && p.PersonId == personId).Select(p => (long?)p.PartnerId).FirstOrDefaultAsync(ct);

    public static async Task<Partner> AddAsync(MakkerDb db, long actorId, long communityId, string name, PartnerKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var partner = new Partner { CommunityId = communityId, Name = name, Kind = kind, CreatedAt = now };
        db.Partners.Add(partner);
        Audit.Add(db, actorId, communityId, AddedAction, name, now);
        await db.SaveChangesAsync(ct);
        return partner;
    }

    /// <summary>Says which partner a coordinator belongs to; false when the partner is not the community's.</summary>
    public static async Task<bool> SetMineAsync(MakkerDb db, long communityId, long personId, long partnerId, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId && p.CommunityId == communityId, ct))
        {
            return false;
        }
        var row = await db.PartnerCoordinators.FirstOrDefaultAsync(p => p.CommunityId == communityId && p.PersonId == personId, ct);
        if (row is null)
        {
            db.PartnerCoordinators.Add(new PartnerCoordinator { CommunityId = communityId, PersonId = personId, PartnerId = partnerId });
        }
        else
        {
            row.PartnerId = partnerId;
        }
        Audit.Add(db, personId, communityId, MineAction, null, now);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
