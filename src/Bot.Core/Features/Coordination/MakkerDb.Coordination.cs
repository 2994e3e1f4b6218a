using Makker.Features.Coordination;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Coordination's tables as the rest of the code reaches them (db.Communities): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<CommunityMember> CommunityMembers => Set<CommunityMember>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<PersonCapability> PersonCapabilities => Set<PersonCapability>();
    public DbSet<SetupCode> SetupCodes => Set<SetupCode>();
    public DbSet<RoleRequest> RoleRequests => Set<RoleRequest>();
    public DbSet<RoleReview> RoleReviews => Set<RoleReview>();
}
