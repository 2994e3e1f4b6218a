using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Dashboard;

/// <summary>A one-time link into the dashboard: only its hash is kept; used once, within minutes.</summary>
public sealed class DashboardLogin
{
    public required string TokenHash { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class DataProtectionKeyMapping : IEntityTypeConfiguration<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> e) =>
        e.ToTable("data_protection_keys");
}

internal sealed class DashboardLoginMapping : IEntityTypeConfiguration<DashboardLogin>
{
    public void Configure(EntityTypeBuilder<DashboardLogin> e)
    {
        e.ToTable("dashboard_logins");
        e.HasKey(l => l.TokenHash);
        e.Property(l => l.TokenHash).HasMaxLength(64);
        // Two tabs opening the same link at once: the update that still sees it unused wins.
        e.Property(l => l.UsedAt).IsConcurrencyToken();
        e.HasIndex(l => l.PersonId);
        e.HasOne<Person>().WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
