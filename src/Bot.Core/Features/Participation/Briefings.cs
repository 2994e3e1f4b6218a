using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>Another feature's part of the host briefing and /today (the shift roster).</summary>
public interface IBriefingSection
{
    Task<string?> DescribeAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, CancellationToken ct);
}

/// <summary>
/// What a host is told before an occurrence: who is coming (first names), who comes for the first time, who
/// would like a welcome or comes with a buddy, and only the number of not-todays, never their names.
/// </summary>
public static class Briefings
{
    public static async Task<string> ComposeAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, IEnumerable<IBriefingSection> sections, CancellationToken ct)
    {
        var db = ctx.Db;
        var answers = await (from r in db.Rsvps
                             join p in db.People on r.PersonId equals p.Id
                             where r.OccurrenceId == occurrence.Id
                             orderby r.AnsweredAt, p.Id
                             select new { r.Answer, Person = p }).ToListAsync(ct);
        var coming = answers.Where(a => a.Answer == RsvpAnswer.Coming).Select(a => a.Person).ToList();
        var comingIds = coming.Select(p => p.Id).ToList();
        var returning = await (from r in db.Rsvps
                               join o in db.Occurrences on r.OccurrenceId equals o.Id
                               where o.ActivityId == occurrence.ActivityId && o.StartsAt < occurrence.StartsAt && o.CancelledAt == null
                                   && r.Answer == RsvpAnswer.Coming && comingIds.Contains(r.PersonId)
                               select r.PersonId)
            // Those whose earlier RSVPs are past the retention window came before all the same.
            .Union(db.ActivityMembers.Where(m => m.ActivityId == occurrence.ActivityId && m.CameBefore && comingIds.Contains(m.PersonId)).Select(m => m.PersonId))
            .Distinct().ToListAsync(ct);
        // In the order people asked; without an ORDER BY each database picks its own (SQLite's index gives person order).
        var requests = await db.CompanyRequests.Where(r => r.OccurrenceId == occurrence.Id).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var names = await db.People.Where(p => requests.Select(r => r.PersonId).Contains(p.Id) || requests.Select(r => r.BuddyPersonId).Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => ctx.NameOf(p), ct);

        var lines = new List<string>
        {
            ctx.T(ParticipationTexts.BriefingTitle, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone)),
            coming.Count == 0
                ? ctx.T(ParticipationTexts.BriefingComingNone)
                : ctx.T(ParticipationTexts.BriefingComing, new Dictionary<string, string>
                {
                    ["count"] = coming.Count.ToString(ctx.Culture),
                    ["names"] = string.Join(", ", coming.Select(p => ctx.NameOf(p))),
                }),
        };
        var firstTimers = coming.Where(p => !returning.Contains(p.Id)).Select(p => ctx.NameOf(p)).ToList();
        if (firstTimers.Count > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.BriefingFirstTime, new Dictionary<string, string> { ["names"] = string.Join(", ", firstTimers) }));
        }
        var welcome = requests.Where(r => r.Status is CompanyStatus.HostWelcome or CompanyStatus.Open).Select(r => names[r.PersonId]).ToList();
        if (welcome.Count > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.BriefingWelcome, new Dictionary<string, string> { ["names"] = string.Join(", ", welcome) }));
        }
        var pairs = requests.Where(r => r is { Status: CompanyStatus.Matched, BuddyPersonId: not null })
            .Select(r => ctx.T(ParticipationTexts.BriefingPair, new Dictionary<string, string> { ["person"] = names[r.PersonId], ["buddy"] = names[r.BuddyPersonId!.Value] }))
            .ToList();
        if (pairs.Count > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.BriefingBuddies, new Dictionary<string, string> { ["pairs"] = string.Join(", ", pairs) }));
        }
        var notToday = answers.Count(a => a.Answer == RsvpAnswer.NotToday);
        if (notToday > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.BriefingNotToday, new Dictionary<string, string> { ["count"] = notToday.ToString(ctx.Culture) }));
        }
        foreach (var section in sections)
        {
            if (await section.DescribeAsync(ctx, place, occurrence, ct) is { } text)
            {
                lines.Add(text);
            }
        }
        return string.Join("\n", lines);
    }

    /// <summary>The hosts of an activity who can be reached.</summary>
    public static Task<List<Person>> HostsAsync(MakkerDb db, long activityId, CancellationToken ct) =>
        (from m in db.ActivityMembers
         join p in db.People on m.PersonId equals p.Id
         where m.ActivityId == activityId && m.IsHost && p.Consent == ConsentState.Given && !p.Unreachable
         orderby p.Id
         select p).ToListAsync(ct);

    /// <summary>After the briefing went out, each host hears about changes as they happen.</summary>
    public static async Task TellHostsAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, string textKey, Person? about, CancellationToken ct)
    {
        if (ctx.Now >= occurrence.StartsAt || !await ctx.Db.StepDoneAsync(occurrence.Id, BriefingStep.StepName, ct))
        {
            return;
        }
        var count = await ctx.Db.Rsvps.CountAsync(r => r.OccurrenceId == occurrence.Id && r.Answer == RsvpAnswer.Coming, ct);
        foreach (var host in await HostsAsync(ctx.Db, place.Activity.Id, ct))
        {
            if (host.Id == about?.Id)
            {
                continue;
            }
            var toHost = ctx.ReachOut(host, place.Zone);
            toHost.Send(toHost.T(textKey, new Dictionary<string, string>
            {
                ["activity"] = place.Activity.Name,
                ["name"] = about is null ? "" : toHost.NameOf(about),
                ["count"] = count.ToString(toHost.Culture),
            }));
        }
    }
}
