using Makker.Features.CheckIns;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// CheckIns's tables as the rest of the code reaches them (db.CheckIns): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<EvaluationFigures> EvaluationFigures => Set<EvaluationFigures>();
}
