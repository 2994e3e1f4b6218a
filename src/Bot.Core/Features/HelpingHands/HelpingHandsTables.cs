using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.HelpingHands;

/// <summary>A small task of an activity (set the table, bring a cake): not a shift, no rotation, no reminders.</summary>
public sealed class HelpingTask
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    /// <summary>In the coordinator's words, as it reads after a name: "sets the table" ("Karim sets the table").</summary>
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// When a coordinator removed it. The row stays so that the times people helped with it still count in the numbers
    /// of the period not folded yet; it is offered, listed and changed no more.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; set; }
}

/// <summary>Someone takes a task at one occurrence. Handing it back deletes the row: it costs nothing, and nothing is kept of it.</summary>
public sealed class HelpingHand
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset TakenAt { get; set; }
}

/// <summary>
/// The one warm question after the third time was asked of this person: it is never asked again, whatever the answer.
/// What the person is now (asked, or said "not now"), not a record of when.
/// </summary>
public sealed class HelpingAsked
{
    public long PersonId { get; set; }
    public bool SaidNotNow { get; set; }
}

internal sealed class HelpingTaskMapping : IEntityTypeConfiguration<HelpingTask>
{
    public void Configure(EntityTypeBuilder<HelpingTask> e)
    {
        e.ToTable("helping_tasks");
        e.Property(t => t.Name).HasMaxLength(HelpingHandsOptions.MaxTaskLength);
        e.HasIndex(t => t.ActivityId);
        e.HasOne<Activity>().WithMany().HasForeignKey(t => t.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HelpingHandMapping : IEntityTypeConfiguration<HelpingHand>
{
    public void Configure(EntityTypeBuilder<HelpingHand> e)
    {
        e.ToTable("helping_hands");
        // One person per task per occurrence: two taking the last one at once, the second insert fails.
        e.HasIndex(h => new { h.OccurrenceId, h.TaskId }).IsUnique();
        e.HasIndex(h => h.PersonId);
        e.HasIndex(h => h.TaskId);
        e.HasOne<HelpingTask>().WithMany().HasForeignKey(h => h.TaskId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Occurrence>().WithMany().HasForeignKey(h => h.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(h => h.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HelpingAskedMapping : IEntityTypeConfiguration<HelpingAsked>
{
    public void Configure(EntityTypeBuilder<HelpingAsked> e)
    {
        e.ToTable("helping_asked");
        e.HasKey(a => a.PersonId);
        e.HasOne<Person>().WithOne().HasForeignKey<HelpingAsked>(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
