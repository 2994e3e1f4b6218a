using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Coordination;

public sealed class Community
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string TimeZone { get; set; } = "Europe/Copenhagen";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person in a community. Roles are capabilities, never categories.</summary>
public sealed class CommunityMember
{
    public long CommunityId { get; set; }
    public long PersonId { get; set; }
    public bool IsCoordinator { get; set; }
    /// <summary>A coordinator approved them as a volunteer here: only then are they asked about shifts.</summary>
    public bool IsVolunteer { get; set; }
    /// <summary>
    /// A coordinator approved them for company on the way (følgeskab) here, and they still would like to be asked.
    /// Stopping clears it; starting again asks a coordinator again.
    /// </summary>
    public bool WillingBuddy { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>Who did what, when, for the coordinators to read.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long? CommunityId { get; set; }
    /// <summary>Null once the person is forgotten: the log then says "someone since forgotten".</summary>
    public long? PersonId { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Something a person may do beyond any one community (today only creating communities). A row per capability,
/// not a column on people, so the table can cascade from people and say who gave it and when.
/// </summary>
public sealed class PersonCapability
{
    public long PersonId { get; set; }
    public required string Capability { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

public static class Capabilities
{
    public const string CreateCommunities = "create_communities";
}

/// <summary>The roles someone asks for and a coordinator grants: whoever may meet a participant alone is approved first.</summary>
public static class TrustedRoles
{
    public const string Volunteer = "volunteer";
    public const string Buddy = "buddy";

    public static IReadOnlyList<string> All { get; } = [Volunteer, Buddy];
}

/// <summary>
/// Someone asked for a trusted role in a community and no coordinator has answered yet. An answer deletes the row: a
/// yes sets the role on the membership, a "not now" leaves nothing behind but the audit entry.
/// </summary>
public sealed class RoleRequest
{
    public long CommunityId { get; set; }
    public long PersonId { get; set; }
    /// <summary>One of <see cref="TrustedRoles"/>.</summary>
    public required string Role { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
}

/// <summary>
/// The community's coordinators are owed one message listing who already had a trusted role when approval came in
/// (written by the upgrade, sent once at the next start).
/// </summary>
public sealed class RoleReview
{
    public long CommunityId { get; set; }
}

/// <summary>
/// The one-time code that makes the first coordinator when nobody could otherwise set anything up. Only its
/// SHA-256 hash is kept: the code itself is in the host's log once and nowhere else.
/// </summary>
public sealed class SetupCode
{
    public long Id { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
}

internal sealed class CommunityMapping : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> e)
    {
        e.ToTable("communities");
        e.Property(c => c.Name).HasMaxLength(120);
        e.Property(c => c.TimeZone).HasMaxLength(64);
    }
}

internal sealed class CommunityMemberMapping : IEntityTypeConfiguration<CommunityMember>
{
    public void Configure(EntityTypeBuilder<CommunityMember> e)
    {
        e.Property(m => m.WillingBuddy).HasDefaultValue(false);
        e.ToTable("community_members");
        e.HasKey(m => new { m.CommunityId, m.PersonId });
        e.HasIndex(m => m.PersonId);
        e.HasOne<Community>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryMapping : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.Detail).HasMaxLength(400);
        e.HasIndex(a => new { a.CommunityId, a.At });
        e.HasIndex(a => a.PersonId);
        e.HasOne<Community>().WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PersonCapabilityMapping : IEntityTypeConfiguration<PersonCapability>
{
    public void Configure(EntityTypeBuilder<PersonCapability> e)
    {
        e.ToTable("person_capabilities");
        e.HasKey(c => new { c.PersonId, c.Capability });
        e.Property(c => c.Capability).HasMaxLength(32);
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleRequestMapping : IEntityTypeConfiguration<RoleRequest>
{
    public void Configure(EntityTypeBuilder<RoleRequest> e)
    {
        e.ToTable("role_requests");
        e.HasKey(r => new { r.CommunityId, r.PersonId, r.Role });
        e.Property(r => r.Role).HasMaxLength(16);
        e.HasIndex(r => r.PersonId);
        e.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleReviewMapping : IEntityTypeConfiguration<RoleReview>
{
    public void Configure(EntityTypeBuilder<RoleReview> e)
    {
        e.ToTable("role_reviews");
        e.HasKey(r => r.CommunityId);
        e.Property(r => r.CommunityId).ValueGeneratedNever();
        e.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SetupCodeMapping : IEntityTypeConfiguration<SetupCode>
{
    public void Configure(EntityTypeBuilder<SetupCode> e)
    {
        e.ToTable("setup_codes");
        e.Property(c => c.CodeHash).HasMaxLength(64);
        e.HasIndex(c => c.CodeHash).IsUnique();
        // Two people redeeming the same code at once: the update that still sees it unused wins.
        e.Property(c => c.RedeemedAt).IsConcurrencyToken();
    }
}
