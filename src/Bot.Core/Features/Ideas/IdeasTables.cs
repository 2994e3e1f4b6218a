using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Ideas;

public enum IdeaStatus
{
    /// <summary>Proposed; the coordinators have not decided yet. Nobody else sees it.</summary>
    Waiting = 0,
    /// <summary>A coordinator chose "Share with everyone": it goes into the community's ideas.</summary>
    Shared = 1,
    /// <summary>A coordinator chose "Keep to us": only the coordinators see it.</summary>
    KeptToUs = 2,
    /// <summary>A coordinator turned it into an activity.</summary>
    BecameActivity = 3,
}

/// <summary>
/// An idea for something to do together, in the proposer's own words. Kept only as long as needed: it fades after
/// <see cref="IdeasOptions.FadeDays"/> without interest, and goes with the retention window anyway. When the proposer
/// is forgotten, an idea nobody else has seen goes with them; a shared one stays without a name.
/// </summary>
public sealed class Idea
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    /// <summary>The activity the person takes part in, when the idea came from it (the check-in after it).</summary>
    public long? ActivityId { get; set; }
    /// <summary>Null once the proposer was forgotten.</summary>
    public long? ProposerPersonId { get; set; }
    public required string Text { get; set; }
    public IdeaStatus Status { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>The activity it became.</summary>
    public long? BecameActivityId { get; set; }
    public DateTimeOffset? BecameActivityAt { get; set; }
    /// <summary>How many would join when the proposer was last told, so they hear only news.</summary>
    public int InterestTold { get; set; }
    public DateTimeOffset? InterestToldAt { get; set; }
}

/// <summary>Someone pressed "I'd join" under an idea. Nobody sees who; the proposer hears how many.</summary>
public sealed class IdeaInterest
{
    public long IdeaId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A weekly ideas message went to someone: at most one a week, and it counts against the weekly nudge budget.</summary>
public sealed class IdeaMessage
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class IdeaMapping : IEntityTypeConfiguration<Idea>
{
    public void Configure(EntityTypeBuilder<Idea> e)
    {
        e.ToTable("ideas");
        e.Property(i => i.Text).HasMaxLength(IdeasOptions.MaxLength);
        e.HasIndex(i => new { i.CommunityId, i.Status });
        e.HasIndex(i => i.ProposerPersonId);
        e.HasIndex(i => i.ActivityId);
        e.HasIndex(i => i.BecameActivityId);
        e.HasOne<Community>().WithMany().HasForeignKey(i => i.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Activity>().WithMany().HasForeignKey(i => i.ActivityId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Activity>().WithMany().HasForeignKey(i => i.BecameActivityId).OnDelete(DeleteBehavior.SetNull);
        // A shared idea outlives its proposer without a name; the eraser deletes the ones nobody else has seen first.
        e.HasOne<Person>().WithMany().HasForeignKey(i => i.ProposerPersonId).OnDelete(DeleteBehavior.SetNull);
        // Two coordinators deciding at once: the update that still sees "waiting" wins.
        e.Property(i => i.Status).IsConcurrencyToken();
    }
}

internal sealed class IdeaInterestMapping : IEntityTypeConfiguration<IdeaInterest>
{
    public void Configure(EntityTypeBuilder<IdeaInterest> e)
    {
        e.ToTable("idea_interest");
        e.HasKey(i => new { i.IdeaId, i.PersonId });
        e.HasIndex(i => i.PersonId);
        e.HasOne<Idea>().WithMany().HasForeignKey(i => i.IdeaId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdeaMessageMapping : IEntityTypeConfiguration<IdeaMessage>
{
    public void Configure(EntityTypeBuilder<IdeaMessage> e)
    {
        e.ToTable("idea_messages");
        e.HasIndex(m => new { m.PersonId, m.SentAt });
        e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
