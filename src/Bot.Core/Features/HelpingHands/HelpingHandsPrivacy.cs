using Makker.Conversations;
using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.HelpingHands;

/// <summary>Helping hands' part of /mydata: the tasks the person has taken, and a "not now" they said.</summary>
public sealed class HelpingHandsMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var tasks = await (from h in ctx.Db.HelpingHands
                           join t in ctx.Db.HelpingTasks on h.TaskId equals t.Id
                           join o in ctx.Db.Occurrences on h.OccurrenceId equals o.Id
                           join a in ctx.Db.Activities on o.ActivityId equals a.Id
                           where h.PersonId == person.Id
                           orderby o.StartsAt, h.Id
                           select new { Task = t.Name, Activity = a.Name, o.StartsAt }).ToListAsync(ct);
        var lines = new List<string>();
        if (tasks.Count > 0)
        {
            lines.Add(ctx.T(HelpingHandsTexts.MyData, new Dictionary<string, string>
            {
                ["tasks"] = string.Join(", ", tasks.Select(t => $"\"{t.Task}\" ({t.Activity}, {ctx.FormatDate(t.StartsAt)})")),
            }));
        }
        if (await ctx.Db.HelpingAsked.FindAsync([person.Id], ct) is { SaidNotNow: true })
        {
            lines.Add(ctx.T(HelpingHandsTexts.MyDataNotNow));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}

/// <summary>Helping hands' part of retention: who took which task at occurrences long past.</summary>
public sealed class HelpingHandsRetention : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.HelpingHands.Where(h => h.TakenAt < cutoff).ExecuteDeleteAsync(ct);
}
