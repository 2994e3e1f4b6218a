using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.CheckIns;

/// <summary>
/// The one check-in question one person got after one occurrence, and their answer (the last one counts).
/// Deleted after the retention period, once it is folded into <see cref="EvaluationFigures"/>.
/// </summary>
public sealed class CheckIn
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    /// <summary>Which question set it came from: "participant" or "volunteer".</summary>
    public required string Variant { get; set; }
    public required string QuestionId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public string? AnswerId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>When the person asked to talk to someone and the hosts were told.</summary>
    public DateTimeOffset? TalkRequestedAt { get; set; }
    /// <summary>The host who said "I'll get in touch"; the first one wins.</summary>
    public long? TalkTakenByPersonId { get; set; }
}

/// <summary>
/// The anonymous numbers of one activity for one finished week or month, folded from the individual rows once
/// nothing more can change them, so they outlive the answers they came from (retention, erasure).
/// </summary>
public sealed class EvaluationFigures
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    /// <summary>"week" (Monday to Sunday) or "month", in the activity's local time.</summary>
    public required string Period { get; set; }
    public DateOnly Start { get; set; }
    public required string FiguresJson { get; set; }
    public DateTimeOffset FoldedAt { get; set; }
}

internal sealed class CheckInMapping : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> e)
    {
        e.ToTable("check_ins");
        e.Property(c => c.Variant).HasMaxLength(16);
        e.Property(c => c.QuestionId).HasMaxLength(32);
        e.Property(c => c.AnswerId).HasMaxLength(16);
        e.HasIndex(c => new { c.OccurrenceId, c.PersonId }).IsUnique();
        e.HasIndex(c => c.PersonId);
        e.HasIndex(c => c.AskedAt);
        e.HasIndex(c => c.TalkTakenByPersonId);
        // Two hosts pressing "I'll get in touch" at once: the update that still sees nobody wins.
        e.Property(c => c.TalkTakenByPersonId).IsConcurrencyToken();
        e.HasOne<Occurrence>().WithMany().HasForeignKey(c => c.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.TalkTakenByPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class EvaluationFiguresMapping : IEntityTypeConfiguration<EvaluationFigures>
{
    public void Configure(EntityTypeBuilder<EvaluationFigures> e)
    {
        e.ToTable("evaluation_figures");
        e.Property(f => f.Period).HasMaxLength(8);
        e.HasIndex(f => new { f.ActivityId, f.Period, f.Start }).IsUnique();
        e.HasOne<Activity>().WithMany().HasForeignKey(f => f.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}
