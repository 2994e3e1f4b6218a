using Makker.Features.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// The self-evaluation's tables as the rest of the code reaches them: declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerCoordinator> PartnerCoordinators => Set<PartnerCoordinator>();
    public DbSet<QuarterAnswer> QuarterAnswers => Set<QuarterAnswer>();
    public DbSet<PartnerReflection> PartnerReflections => Set<PartnerReflection>();
    public DbSet<QuarterFiguresRow> QuarterFigures => Set<QuarterFiguresRow>();
    public DbSet<EvaluationConsent> EvaluationConsent => Set<EvaluationConsent>();
    public DbSet<QuarterQuestionSent> QuarterQuestionsSent => Set<QuarterQuestionSent>();
}
