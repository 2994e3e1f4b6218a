using System.Text.Json;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

/// <summary>
/// The self-evaluation numbers per activity, week and month: occurrences held, people coming, first-timers,
/// returning people and the check-in answers. A finished period is folded into <see cref="EvaluationFigures"/>
/// once no answer can change it, so its numbers stay as they were when answers are deleted (retention) or a
/// person is forgotten; the period still running is counted from the rows as they are now.
/// </summary>
public sealed class EvaluationNumbers(ActivityDirectory directory, IOptions<CheckInOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PeriodFigures> FiguresAsync(MakkerDb db, ActivityPlace place, Period period, DateTimeOffset now, CancellationToken ct)
    {
        var name = period.Name;
        var folded = await db.EvaluationFigures.AsNoTracking()
            .FirstOrDefaultAsync(f => f.ActivityId == place.Activity.Id && f.Period == name && f.Start == period.Start, ct);
        return folded is not null
            ? JsonSerializer.Deserialize<PeriodFigures>(folded.FiguresJson, Json)!
            : await CountAsync(db, place, period, now, ct);
    }

    /// <summary>The periods of an activity from its first occurrence up to now, oldest first.</summary>
    public static async Task<List<Period>> PeriodsAsync(MakkerDb db, ActivityPlace place, PeriodKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var first = await db.Occurrences.Where(o => o.ActivityId == place.Activity.Id && o.CancelledAt == null && o.StartsAt <= now)
            .OrderBy(o => o.StartsAt).Select(o => (DateTimeOffset?)o.StartsAt).FirstOrDefaultAsync(ct);
        var periods = new List<Period>();
        if (first is null)
        {
            return periods;
        }
        var today = LocalTimes.LocalDate(now, place.Zone);
        for (var p = Period.Containing(kind, LocalTimes.LocalDate(first.Value, place.Zone)); p.Start <= today; p = p.Next)
        {
            periods.Add(p);
        }
        return periods;
    }

    /// <summary>Folds every finished period of every activity that is not folded yet. Idempotent.</summary>
    public async Task<int> FoldAsync(MakkerDb db, DateTimeOffset now, CancellationToken ct)
    {
        var folded = 0;
        foreach (var activityId in await db.Activities.Select(a => a.Id).ToListAsync(ct))
        {
            if (await directory.FindAsync(db, activityId, ct) is not { } place)
            {
                continue;
            }
            foreach (var kind in new[] { PeriodKind.Week, PeriodKind.Month })
            {
                var done = (await db.EvaluationFigures.Where(f => f.ActivityId == activityId && f.Period == (kind == PeriodKind.Week ? "week" : "month"))
                    .Select(f => f.Start).ToListAsync(ct)).ToHashSet();
                foreach (var period in await PeriodsAsync(db, place, kind, now, ct))
                {
                    if (done.Contains(period.Start) || !IsFinished(period, place, now))
                    {
                        continue;
                    }
                    var figures = await CountAsync(db, place, period, now, ct);
                    db.EvaluationFigures.Add(Folded(activityId, period, figures, now));
                    folded++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return folded;
    }

    /// <summary>A period's figures as kept once folded.</summary>
    public static EvaluationFigures Folded(long activityId, Period period, PeriodFigures figures, DateTimeOffset now) => new()
    {
        ActivityId = activityId,
        Period = period.Name,
        Start = period.Start,
        FiguresJson = JsonSerializer.Serialize(figures, Json),
        FoldedAt = now,
    };

    private bool IsFinished(Period period, ActivityPlace place, DateTimeOffset now) =>
        LocalTimes.ToInstant(period.End, TimeOnly.MinValue, place.Zone).AddDays(options.Value.FoldAfterDays) <= now;

    /// <summary>Counts a period from the individual rows: distinct people throughout.</summary>
    public static async Task<PeriodFigures> CountAsync(MakkerDb db, ActivityPlace place, Period period, DateTimeOffset now, CancellationToken ct) =>
        (await CountManyAsync(db, [place], [period], now, ct))[(place.Activity.Id, period)];

    /// <summary>
    /// The figures of several activities (of one or more communities) for several periods of one kind: folded where folded,
    /// counted from the rows otherwise. A fixed number of queries however many activities and periods.
    /// </summary>
    public static async Task<Dictionary<(long ActivityId, Period Period), PeriodFigures>> FiguresManyAsync(MakkerDb db, IReadOnlyList<ActivityPlace> places,
        IReadOnlyList<Period> periods, DateTimeOffset now, CancellationToken ct)
    {
        var result = new Dictionary<(long, Period), PeriodFigures>();
        if (places.Count == 0 || periods.Count == 0)
        {
            return result;
        }
        var ids = places.Select(p => p.Activity.Id).ToList();
        var names = periods.Select(p => p.Name).Distinct().ToList();
        var starts = periods.Select(p => p.Start).Distinct().ToList();
        var folded = await db.EvaluationFigures.AsNoTracking()
            .Where(f => ids.Contains(f.ActivityId) && names.Contains(f.Period) && starts.Contains(f.Start))
            .Select(f => new { f.ActivityId, f.Period, f.Start, f.FiguresJson }).ToListAsync(ct);
        foreach (var f in folded)
        {
            result[(f.ActivityId, new Period(Period.Parse(f.Period), f.Start))] = JsonSerializer.Deserialize<PeriodFigures>(f.FiguresJson, Json)!;
        }
        var open = periods.Where(p => places.Any(a => !result.ContainsKey((a.Activity.Id, p)))).ToList();
        if (open.Count > 0)
        {
            foreach (var (key, figures) in await CountManyAsync(db, places, open, now, ct))
            {
                result.TryAdd(key, figures);
            }
        }
        return result;
    }

    /// <summary>Counts periods of activities from the individual rows, distinct people throughout: six queries in all.</summary>
    private static async Task<Dictionary<(long ActivityId, Period Period), PeriodFigures>> CountManyAsync(MakkerDb db, IReadOnlyList<ActivityPlace> places,
        IReadOnlyList<Period> periods, DateTimeOffset now, CancellationToken ct)
    {
        var ids = places.Select(p => p.Activity.Id).ToList();
        var windows = places.SelectMany(place => periods.Select(period => (place, period,
            Start: LocalTimes.ToInstant(period.Start, TimeOnly.MinValue, place.Zone), End: LocalTimes.ToInstant(period.End, TimeOnly.MinValue, place.Zone)))).ToList();
        var from = windows.Min(w => w.Start);
        var to = windows.Max(w => w.End);
        var held = await db.Occurrences
            .Where(o => ids.Contains(o.ActivityId) && o.CancelledAt == null && o.StartsAt >= from && o.StartsAt < to && o.StartsAt <= now)
            .Select(o => new { o.Id, o.ActivityId, o.StartsAt }).ToListAsync(ct);
        var heldIds = held.Select(o => o.Id).ToList();
        var coming = await db.Rsvps.Where(r => heldIds.Contains(r.OccurrenceId) && r.Answer == RsvpAnswer.Coming)
            .Select(r => new { r.OccurrenceId, r.PersonId }).ToListAsync(ct);
        // When each person first came to each activity (cancelled occurrences do not count), and who came before the rows
        // kept. Not narrowed to the people coming in these periods in SQL: a list of thousands of people made SQLite
        // look up every person in every occurrence (occurrences × people), seconds for a large community, where reading
        // the activities' answers once is linear.
        var firstCame = (await (from r in db.Rsvps
                                join o in db.Occurrences on r.OccurrenceId equals o.Id
                                where ids.Contains(o.ActivityId) && o.CancelledAt == null && r.Answer == RsvpAnswer.Coming && o.StartsAt < to
                                group o.StartsAt by new { o.ActivityId, r.PersonId } into g
                                select new { g.Key.ActivityId, g.Key.PersonId, First = g.Min() }).ToListAsync(ct))
            .ToDictionary(f => (f.ActivityId, f.PersonId), f => f.First);
        var cameBeforeRows = (await db.ActivityMembers.Where(m => ids.Contains(m.ActivityId) && m.CameBefore)
            .Select(m => new { m.ActivityId, m.PersonId }).ToListAsync(ct)).Select(m => (m.ActivityId, m.PersonId)).ToHashSet();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => heldIds.Contains(c.OccurrenceId))
            .Select(c => new { c.OccurrenceId, c.PersonId, c.Variant, c.QuestionId, c.AnswerId }).ToListAsync(ct);
        // The contributors' figures: who helped with a small task, ideas proposed and turned into activities, and who
        // became an approved volunteer (the audit log says when a coordinator approved them).
        var comingPeople = coming.Select(r => r.PersonId).ToHashSet();
        var helping = (await db.HelpingHands.Where(h => heldIds.Contains(h.OccurrenceId))
            .Select(h => new { h.OccurrenceId, h.PersonId }).ToListAsync(ct)).Where(h => comingPeople.Contains(h.PersonId)).ToList();
        var ideas = await db.Ideas.Where(i => i.ActivityId != null && ids.Contains(i.ActivityId.Value)
                && ((i.ProposedAt >= from && i.ProposedAt < to) || (i.BecameActivityAt >= from && i.BecameActivityAt < to)))
            .Select(i => new { ActivityId = i.ActivityId!.Value, i.ProposedAt, i.BecameActivityAt }).ToListAsync(ct);
        var becameVolunteers = await BecameVolunteersAsync(db, places, from, to, ct);

        // Each window looks only at its own activity's rows, by occurrence: looking through every row for every window
        // took seconds for a community of a hundred activities (windows × rows).
        var heldBy = held.ToLookup(o => o.ActivityId);
        var comingBy = coming.ToLookup(r => r.OccurrenceId);
        var checkInsBy = checkIns.ToLookup(c => c.OccurrenceId);
        var helpingBy = helping.ToLookup(h => h.OccurrenceId);
        var ideasBy = ideas.ToLookup(i => i.ActivityId);
        var volunteersBy = becameVolunteers.ToLookup(v => v.ActivityId);
        var result = new Dictionary<(long, Period), PeriodFigures>();
        foreach (var (place, period, start, end) in windows)
        {
            var activityId = place.Activity.Id;
            var inPeriod = heldBy[activityId].Where(o => o.StartsAt >= start && o.StartsAt < end).Select(o => o.Id).ToList();
            var people = inPeriod.SelectMany(o => comingBy[o]).Select(r => r.PersonId).Distinct().ToList();
            var cameBefore = people.Count(p => cameBeforeRows.Contains((activityId, p))
                || (firstCame.TryGetValue((activityId, p), out var first) && first < start));
            var questions = inPeriod.SelectMany(o => checkInsBy[o]).GroupBy(c => (c.Variant, c.QuestionId))
                .OrderBy(g => g.Key.Variant).ThenBy(g => g.Key.QuestionId, StringComparer.Ordinal)
                .Select(g => new QuestionFigures(
                    g.Key.Variant,
                    g.Key.QuestionId,
                    g.Select(c => c.PersonId).Distinct().Count(),
                    g.Where(c => c.AnswerId != null).Select(c => c.PersonId).Distinct().Count(),
                    g.Where(c => c.AnswerId != null).GroupBy(c => c.AnswerId ?? "")
                        .ToDictionary(a => a.Key, a => a.Select(c => c.PersonId).Distinct().Count())))
                .ToList();
            var helped = inPeriod.SelectMany(o => helpingBy[o]).Select(h => h.PersonId).Distinct().Count();
            var proposed = ideasBy[activityId].Count(i => i.ProposedAt >= start && i.ProposedAt < end);
            var became = ideasBy[activityId].Count(i => i.BecameActivityAt >= start && i.BecameActivityAt < end);
            var volunteers = volunteersBy[activityId].Where(v => v.At >= start && v.At < end).Select(v => v.PersonId).Distinct().Count();
            result[(activityId, period)] = new PeriodFigures(inPeriod.Count, people.Count, people.Count - cameBefore, cameBefore, questions,
                helped, proposed, became, volunteers);
        }
        return result;
    }

    /// <summary>
    /// Members of the activities whom a coordinator approved as volunteers between the two instants, with when: two
    /// queries however many activities.
    /// </summary>
    internal static async Task<List<(long ActivityId, long PersonId, DateTimeOffset At)>> BecameVolunteersAsync(MakkerDb db, IReadOnlyList<ActivityPlace> places,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var prefix = Coordination.RoleChanges.AuditDetailPrefix(Coordination.RoleNames.Volunteer);
        var communities = places.Select(p => p.Activity.CommunityId).Distinct().ToList();
        var approvals = (await db.AuditLog.Where(a => a.CommunityId != null && communities.Contains(a.CommunityId.Value)
                && a.Action == Coordination.RoleChanges.ApprovedAction && a.At >= from && a.At < to && a.Detail != null && a.Detail.StartsWith(prefix))
            .Select(a => new { CommunityId = a.CommunityId!.Value, Detail = a.Detail!, a.At }).ToListAsync(ct))
            .Select(a => (a.CommunityId, PersonId: long.TryParse(a.Detail[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0, a.At))
            .Where(a => a.PersonId > 0).ToList();
        if (approvals.Count == 0)
        {
            return [];
        }
        var ids = places.Select(p => p.Activity.Id).ToList();
        var approved = approvals.Select(a => a.PersonId).Distinct().ToList();
        var members = await db.ActivityMembers.Where(m => ids.Contains(m.ActivityId) && approved.Contains(m.PersonId))
            .Select(m => new { m.ActivityId, m.PersonId }).ToListAsync(ct);
        var communityOf = places.ToDictionary(p => p.Activity.Id, p => p.Activity.CommunityId);
        return [.. from m in members
                   from a in approvals
                   where a.PersonId == m.PersonId && a.CommunityId == communityOf[m.ActivityId]
                   select (m.ActivityId, m.PersonId, a.At)];
    }
}
