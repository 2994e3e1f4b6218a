using Makker.Conversations;
using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Ideas;

/// <summary>Ideas' part of /mydata: the ideas the person proposed (in their own words) and the ones they'd join.</summary>
public sealed class IdeasMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var proposed = await ctx.Db.Ideas.Where(i => i.ProposerPersonId == person.Id).OrderBy(i => i.ProposedAt).Select(i => i.Text).ToListAsync(ct);
        var joined = await (from x in ctx.Db.IdeaInterest
                            join i in ctx.Db.Ideas on x.IdeaId equals i.Id
                            where x.PersonId == person.Id
                            orderby x.At
                            select i.Text).ToListAsync(ct);
        var lines = new List<string>();
        if (proposed.Count > 0)
        {
            lines.Add(ctx.T(IdeasTexts.MyDataProposed, new Dictionary<string, string> { ["ideas"] = Quoted(proposed) }));
        }
        if (joined.Count > 0)
        {
            lines.Add(ctx.T(IdeasTexts.MyDataInterest, new Dictionary<string, string> { ["ideas"] = Quoted(joined) }));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private static string Quoted(IEnumerable<string> texts) => string.Join(", ", texts.Select(t => "\"" + t + "\""));
}

/// <summary>
/// Ideas' part of retention: an idea nobody would join fades away after <see cref="IdeasOptions.FadeDays"/>; nothing of
/// ideas (the proposer's words, who would join, the weekly messages) stays beyond the one window.
/// </summary>
public sealed class IdeasRetention(IOptions<IdeasOptions> options) : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var fade = now.AddDays(-options.Value.FadeDays);
        var rows = await db.Ideas.Where(i => i.ProposedAt < cutoff
                || (i.ProposedAt < fade && i.Status != IdeaStatus.BecameActivity && !db.IdeaInterest.Any(x => x.IdeaId == i.Id)))
            .ExecuteDeleteAsync(ct);
        rows += await db.IdeaInterest.Where(x => x.At < cutoff).ExecuteDeleteAsync(ct);
        rows += await db.IdeaMessages.Where(m => m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        return rows;
    }
}

/// <summary>
/// /forget and ideas: an idea of theirs that nobody else has seen (waiting, or kept to the coordinators) goes with them;
/// a shared one stays, without their name (the foreign key sets it to null); their "I'd join" presses go.
/// </summary>
public static class IdeasEraser
{
    public static async Task EraseAsync(MakkerDb db, long personId, CancellationToken ct) =>
        await db.Ideas.Where(i => i.ProposerPersonId == personId && (i.Status == IdeaStatus.Waiting || i.Status == IdeaStatus.KeptToUs))
            .ExecuteDeleteAsync(ct);
}
