using Makker.Storage;

namespace Makker.Features.Coordination;

/// <summary>
/// The audit log: who changed what, when, from the chat or the dashboard. Coordinators read their community's part
/// on the dashboard. People appear by id only, so forgetting someone leaves no name behind.
/// </summary>
public static class Audit
{
    public static void Add(MakkerDb db, long? personId, long? communityId, string action, string? detail, DateTimeOffset at) =>
        db.AuditLog.Add(new AuditEntry { PersonId = personId, CommunityId = communityId, Action = action, Detail = detail?[..Math.Min(detail.Length, 400)], At = at });
}
