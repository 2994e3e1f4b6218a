using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Announcements;

public enum BroadcastAudience
{
    Community = 0,
    Activity = 1,
    Volunteers = 2,
    Hosts = 3,
}

/// <summary>A coordinator's announcement: a draft until confirmed, then one outbox row per recipient.</summary>
public sealed class Broadcast
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public long? ActivityId { get; set; }
    public long? CoordinatorPersonId { get; set; }
    public BroadcastAudience Audience { get; set; }
    public required string Text { get; set; }
    public bool Urgent { get; set; }
    /// <summary>How many were in the audience but could not be reached when it went out (blocked the bot).</summary>
    public int Unreachable { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
}

internal sealed class BroadcastMapping : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> e)
    {
        e.ToTable("broadcasts");
        e.Property(x => x.Text).HasMaxLength(4000);
        e.HasIndex(x => x.CommunityId);
        e.HasIndex(x => x.CoordinatorPersonId);
        // A report and a "stop" at the same moment: the one that still sees it unreported wins.
        e.Property(x => x.ReportedAt).IsConcurrencyToken();
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Person>().WithMany().HasForeignKey(x => x.CoordinatorPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
