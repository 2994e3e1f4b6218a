using System.Text.Json;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Evaluation;

/// <summary>
/// Counts a community's quarter from the rows, and folds a finished quarter into <see cref="QuarterFiguresRow"/> once
/// nothing can change it (the check-ins' <see cref="CheckInOptions.FoldAfterDays"/> after its end), so the figures stay
/// as they were when people are forgotten or rows age out.
/// </summary>
public sealed class QuarterCounter(IOptions<BotOptions> bot, IOptions<CheckInOptions> checkIns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TimeZoneInfo ZoneOf(Community community) => LocalTimes.Zone(community.TimeZone, bot.Value.DefaultTimeZone);

    /// <summary>The quarter as folded, or counted from the rows when it is not folded yet; and whether it was folded.</summary>
    public async Task<(QuarterFigures Figures, bool Folded)> FiguresAsync(MakkerDb db, Community community, Quarter quarter, DateTimeOffset now, CancellationToken ct)
    {
        var folded = await db.QuarterFigures.AsNoTracking()
            .Where(f => f.CommunityId == community.Id && f.Quarter == quarter.Start).Select(f => f.FiguresJson).FirstOrDefaultAsync(ct);
        return folded is not null
            ? (JsonSerializer.Deserialize<QuarterFigures>(folded, Json)!, true)
            : (await CountAsync(db, community, quarter, now, ct), false);
    }

    /// <summary>When a quarter is folded and its report is ready: a few days after its end, in the community's time.</summary>
    public DateTimeOffset ReadyAt(Community community, Quarter quarter) =>
        LocalTimes.ToInstant(quarter.End, TimeOnly.MinValue, ZoneOf(community)).AddDays(checkIns.Value.FoldAfterDays);

    /// <summary>
    /// Folds every finished quarter of every community that is not folded yet (from its first activity's creation),
    /// and returns what it folded. Idempotent: a quarter folded once is never counted again.
    /// </summary>
    public async Task<List<(Community Community, Quarter Quarter)>> FoldAsync(MakkerDb db, DateTimeOffset now, CancellationToken ct)
    {
        var done = new List<(Community, Quarter)>();
        var communities = await db.Communities.AsNoTracking().ToListAsync(ct);
        var firsts = await db.Activities.GroupBy(a => a.CommunityId).Select(g => new { g.Key, First = g.Min(a => a.CreatedAt) }).ToListAsync(ct);
        var folded = (await db.QuarterFigures.Select(f => new { f.CommunityId, f.Quarter }).ToListAsync(ct))
            .Select(f => (f.CommunityId, f.Quarter)).ToHashSet();
        foreach (var community in communities)
        {
            if (firsts.FirstOrDefault(f => f.Key == community.Id) is not { } first)
            {
                continue;
            }
            var zone = ZoneOf(community);
            for (var q = Quarter.Containing(LocalTimes.LocalDate(first.First, zone)); ReadyAt(community, q) <= now; q = q.Next)
            {
                if (folded.Contains((community.Id, q.Start)))
                {
                    continue;
                }
                var figures = await CountAsync(db, community, q, now, ct);
                db.QuarterFigures.Add(new QuarterFiguresRow
                {
                    CommunityId = community.Id,
                    Quarter = q.Start,
                    FiguresJson = JsonSerializer.Serialize(figures, Json),
                    FoldedAt = now,
                });
                done.Add((community, q));
            }
        }
        await db.SaveChangesAsync(ct);
        return done;
    }

    /// <summary>Counts one quarter of one community from the rows as they are now: a fixed number of queries.</summary>
    public async Task<QuarterFigures> CountAsync(MakkerDb db, Community community, Quarter quarter, DateTimeOffset now, CancellationToken ct)
    {
        var zone = ZoneOf(community);
        var begins = LocalTimes.ToInstant(quarter.Start, TimeOnly.MinValue, zone);
        var ends = LocalTimes.ToInstant(quarter.End, TimeOnly.MinValue, zone);
        var activities = await db.Activities.AsNoTracking().Where(a => a.CommunityId == community.Id).ToListAsync(ct);
        var ids = activities.Select(a => a.Id).ToList();
        var held = await db.Occurrences
            .Where(o => ids.Contains(o.ActivityId) && o.CancelledAt == null && o.StartsAt >= begins && o.StartsAt < ends && o.StartsAt <= now)
            .Select(o => new { o.Id, o.StartsAt }).ToListAsync(ct);
        var heldIds = held.Select(o => o.Id).ToList();
        var startOf = held.ToDictionary(o => o.Id, o => o.StartsAt);
        var answers = await db.Rsvps.Where(r => heldIds.Contains(r.OccurrenceId) && (r.Answer == RsvpAnswer.Coming || r.Answer == RsvpAnswer.NotToday))
            .Select(r => new { r.OccurrenceId, r.PersonId, r.Answer }).ToListAsync(ct);
        var coming = answers.Where(r => r.Answer == RsvpAnswer.Coming).ToList();
        var people = coming.Select(r => r.PersonId).Distinct().ToList();

        // First-timers: their first "I'm coming" to any of the community's activities is in this quarter, and no
        // membership says they came before the rows kept. Not narrowed to this quarter's people in SQL, as in
        // EvaluationNumbers: a list of thousands of people makes SQLite look up every person in every occurrence.
        var cameEarlier = (await (from r in db.Rsvps
                                  join o in db.Occurrences on r.OccurrenceId equals o.Id
                                  where ids.Contains(o.ActivityId) && o.CancelledAt == null && r.Answer == RsvpAnswer.Coming
                                        && o.StartsAt < begins
                                  select r.PersonId).Distinct().ToListAsync(ct)).ToHashSet();
        cameEarlier.UnionWith(await db.ActivityMembers.Where(m => ids.Contains(m.ActivityId) && m.CameBefore)
            .Select(m => m.PersonId).Distinct().ToListAsync(ct));
        var firstTimers = people.Count(p => !cameEarlier.Contains(p));
        var threeOrMore = coming.GroupBy(r => r.PersonId).Count(g => g.Select(r => r.OccurrenceId).Distinct().Count() >= 3);

        // Flexibility: of those who said "Not today" at least once, who came to a later occurrence in the quarter.
        var firstNotToday = answers.Where(r => r.Answer == RsvpAnswer.NotToday).GroupBy(r => r.PersonId)
            .ToDictionary(g => g.Key, g => g.Min(r => startOf[r.OccurrenceId]));
        var comingBy = coming.ToLookup(c => c.PersonId);
        var cameAgain = firstNotToday.Count(n => comingBy[n.Key].Any(c => startOf[c.OccurrenceId] > n.Value));

        var helpers = await db.HelpingHands.Where(h => heldIds.Contains(h.OccurrenceId)).Select(h => h.PersonId).Distinct().CountAsync(ct);
        var places = activities.Select(a => new ActivityPlace(a, zone)).ToList();
        var volunteers = (await EvaluationNumbers.BecameVolunteersAsync(db, places, begins, ends, ct)).Select(v => v.PersonId).Distinct().Count();
        var ideas = await db.Ideas.Where(i => i.CommunityId == community.Id
                && ((i.ProposedAt >= begins && i.ProposedAt < ends) || (i.BecameActivityAt >= begins && i.BecameActivityAt < ends)))
            .Select(i => new { i.ProposedAt, i.BecameActivityAt }).ToListAsync(ct);
        var shifts = await db.Shifts.Where(s => heldIds.Contains(s.OccurrenceId)).Select(s => new { s.Needed, s.Taken }).ToListAsync(ct);
        var quarterAnswers = await db.QuarterAnswers.Where(a => a.CommunityId == community.Id && a.Quarter == quarter.Start)
            .Select(a => new { a.QuestionKey, a.Answer }).ToListAsync(ct);
        var questions = quarterAnswers.GroupBy(a => a.QuestionKey).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new QuarterQuestionFigures(g.Key, g.Count(), g.GroupBy(a => a.Answer).ToDictionary(a => a.Key, a => a.Count())))
            .ToList();
        return new QuarterFigures(
            held.Count, people.Count, firstTimers, threeOrMore, firstNotToday.Count, cameAgain, helpers, volunteers,
            ideas.Count(i => i.ProposedAt >= begins && i.ProposedAt < ends),
            ideas.Count(i => i.BecameActivityAt >= begins && i.BecameActivityAt < ends),
            shifts.Sum(s => s.Needed), shifts.Sum(s => Math.Min(s.Taken, s.Needed)), questions);
    }
}
