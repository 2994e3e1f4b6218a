using Makker.Conversations;
using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Evaluation;

/// <summary>
/// The self-evaluation's part of /mydata: how many quarterly questions the person answered, and the partner they
/// coordinate for. /forget deletes both with the person (cascade from people); a folded quarter keeps only counts.
/// </summary>
public sealed class EvaluationMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var answers = await ctx.Db.QuarterAnswers.CountAsync(a => a.PersonId == person.Id, ct);
        var partners = await (from pc in ctx.Db.PartnerCoordinators
                              join p in ctx.Db.Partners on pc.PartnerId equals p.Id
                              where pc.PersonId == person.Id
                              orderby p.Name
                              select p.Name).ToListAsync(ct);
        var lines = new List<string>();
        if (answers > 0)
        {
            lines.Add(ctx.T(EvaluationTexts.MyDataAnswers, new Dictionary<string, string> { ["count"] = answers.ToString(ctx.Culture) }));
        }
        lines.AddRange(partners.Select(name => ctx.T(EvaluationTexts.MyDataPartner, new Dictionary<string, string> { ["partner"] = name })));
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}

/// <summary>
/// The quarterly answers, and the record of which questions were sent, go after the one retention window, like every
/// answer; the quarters they count in are folded first, so the report keeps its numbers.
/// </summary>
public sealed class EvaluationRetention(QuarterCounter counter) : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        await counter.FoldAsync(db, now, ct);
        var rows = await db.QuarterAnswers.Where(a => a.AnsweredAt < cutoff).ExecuteDeleteAsync(ct);
        // Which questions went to whom goes too; someone asked whether it is all right and who never answered may be
        // asked once more after that.
        rows += await db.QuarterQuestionsSent.Where(q => q.SentAt < cutoff).ExecuteDeleteAsync(ct);
        return rows;
    }
}
