using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Evaluation;

/// <summary>What kind of organisation a partner is: the report groups nothing by it, it only says who is at the table.</summary>
public enum PartnerKind
{
    Municipality = 0,
    Association = 1,
    VolunteerCentre = 2,
    Other = 3,
}

/// <summary>A partner organisation of a community's partnership (the municipality, an association, ...).</summary>
public sealed class Partner
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public required string Name { get; set; }
    public PartnerKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Which partner a coordinator of a community belongs to; at most one per coordinator and community.</summary>
public sealed class PartnerCoordinator
{
    public long CommunityId { get; set; }
    public long PersonId { get; set; }
    public long PartnerId { get; set; }
}

/// <summary>
/// One participant's answer to one quarterly question: the least that makes the distribution (no occurrence, no
/// time of day). Goes with /forget (cascade from people) and after the retention window; the quarter's folded
/// figures keep the counts.
/// </summary>
public sealed class QuarterAnswer
{
    public long PersonId { get; set; }
    public long CommunityId { get; set; }
    /// <summary>The first day of the quarter, in the community's time zone.</summary>
    public DateOnly Quarter { get; set; }
    public required string QuestionKey { get; set; }
    /// <summary>The answer's id from dialogs/evaluation_questions.yaml, or "rather_not_say".</summary>
    public required string Answer { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>
/// A partner's reflection for one quarter: five statements on a scale of 1 (not at all) to 5 (fully), and a note.
/// It belongs to the partnership, not to the coordinator who gave it, so no person id is kept; the latest answer counts.
/// </summary>
public sealed class PartnerReflection
{
    public long PartnerId { get; set; }
    public DateOnly Quarter { get; set; }
    public int ComeAndGo { get; set; }
    public int EqualFooting { get; set; }
    public int MixedGroup { get; set; }
    public int MeetRegularly { get; set; }
    public int PlanAfter { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>
/// A community's figures for one finished quarter, folded from the rows once nothing can change them, so they stay as
/// they were after /forget and retention; the coordinators are told the report is ready when it is folded.
/// </summary>
public sealed class QuarterFiguresRow
{
    public long CommunityId { get; set; }
    public DateOnly Quarter { get; set; }
    public required string FiguresJson { get; set; }
    public DateTimeOffset FoldedAt { get; set; }
}

/// <summary>Whether a person said yes to the quarterly questions; asked once, and a "no" is never asked again.</summary>
public sealed class EvaluationConsent
{
    public long PersonId { get; set; }
    public bool Agreed { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A quarterly message went to someone (the question whether they agree, or one question): one question per quarter
/// each, spread out, and it counts against the weekly nudge budget like the ideas message.
/// </summary>
public sealed class QuarterQuestionSent
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public long CommunityId { get; set; }
    public DateOnly Quarter { get; set; }
    public required string QuestionKey { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class EvaluationConsentMapping : IEntityTypeConfiguration<EvaluationConsent>
{
    public void Configure(EntityTypeBuilder<EvaluationConsent> e)
    {
        e.ToTable("evaluation_consent");
        e.HasKey(c => c.PersonId);
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuarterQuestionSentMapping : IEntityTypeConfiguration<QuarterQuestionSent>
{
    public void Configure(EntityTypeBuilder<QuarterQuestionSent> e)
    {
        e.ToTable("quarter_questions_sent");
        e.Property(q => q.QuestionKey).HasMaxLength(40);
        e.HasIndex(q => new { q.PersonId, q.SentAt });
        e.HasIndex(q => q.CommunityId);
        e.HasOne<Person>().WithMany().HasForeignKey(q => q.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Community>().WithMany().HasForeignKey(q => q.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerMapping : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> e)
    {
        e.ToTable("partners");
        e.Property(p => p.Name).HasMaxLength(EvaluationLimits.MaxPartnerName);
        e.HasIndex(p => p.CommunityId);
        e.HasOne<Community>().WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerCoordinatorMapping : IEntityTypeConfiguration<PartnerCoordinator>
{
    public void Configure(EntityTypeBuilder<PartnerCoordinator> e)
    {
        e.ToTable("partner_coordinators");
        e.HasKey(p => new { p.CommunityId, p.PersonId });
        e.HasIndex(p => p.PersonId);
        e.HasIndex(p => p.PartnerId);
        e.HasOne<Community>().WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuarterAnswerMapping : IEntityTypeConfiguration<QuarterAnswer>
{
    public void Configure(EntityTypeBuilder<QuarterAnswer> e)
    {
        e.ToTable("quarter_answers");
        e.HasKey(a => new { a.PersonId, a.CommunityId, a.Quarter, a.QuestionKey });
        e.Property(a => a.QuestionKey).HasMaxLength(40);
        e.Property(a => a.Answer).HasMaxLength(40);
        e.HasIndex(a => new { a.CommunityId, a.Quarter });
        e.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Community>().WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerReflectionMapping : IEntityTypeConfiguration<PartnerReflection>
{
    public void Configure(EntityTypeBuilder<PartnerReflection> e)
    {
        e.ToTable("partner_reflections");
        e.HasKey(r => new { r.PartnerId, r.Quarter });
        e.Property(r => r.Note).HasMaxLength(EvaluationLimits.MaxNote);
        e.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuarterFiguresMapping : IEntityTypeConfiguration<QuarterFiguresRow>
{
    public void Configure(EntityTypeBuilder<QuarterFiguresRow> e)
    {
        e.ToTable("quarter_figures");
        e.HasKey(f => new { f.CommunityId, f.Quarter });
        e.HasOne<Community>().WithMany().HasForeignKey(f => f.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class EvaluationLimits
{
    public const int MaxPartnerName = 80;
    public const int MaxNote = 500;
}
