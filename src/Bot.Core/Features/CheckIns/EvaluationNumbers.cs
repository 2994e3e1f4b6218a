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
                    db.EvaluationFigures.Add(new EvaluationFigures
                    {
                        ActivityId = activityId,
                        Period = period.Name,
                        Start = period.Start,
                        FiguresJson = JsonSerializer.Serialize(figures, Json),
                        FoldedAt = now,
                    });
                    folded++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return folded;
    }

    private bool IsFinished(Period period, ActivityPlace place, DateTimeOffset now) =>
        LocalTimes.ToInstant(period.End, TimeOnly.MinValue, place.Zone).AddDays(options.Value.FoldAfterDays) <= now;

    /// <summary>Counts a period from the individual rows: distinct people throughout.</summary>
    public static async Task<PeriodFigures> CountAsync(MakkerDb db, ActivityPlace place, Period period, DateTimeOffset now, CancellationToken ct)
    {
        var activityId = place.Activity.Id;
        var periodStart = LocalTimes.ToInstant(period.Start, TimeOnly.MinValue, place.Zone);
        var periodEnd = LocalTimes.ToInstant(period.End, TimeOnly.MinValue, place.Zone);
        var held = await db.Occurrences
            .Where(o => o.ActivityId == activityId && o.CancelledAt == null && o.StartsAt >= periodStart && o.StartsAt < periodEnd && o.StartsAt <= now)
            .Select(o => o.Id).ToListAsync(ct);
        var coming = await db.Rsvps.Where(r => held.Contains(r.OccurrenceId) && r.Answer == RsvpAnswer.Coming)
            .Select(r => r.PersonId).Distinct().ToListAsync(ct);
        var cameBefore = await (from r in db.Rsvps
                                join o in db.Occurrences on r.OccurrenceId equals o.Id
                                where o.ActivityId == activityId && o.CancelledAt == null && o.StartsAt < periodStart
                                    && r.Answer == RsvpAnswer.Coming && coming.Contains(r.PersonId)
                                select r.PersonId)
            // Those whose earlier RSVPs are past the retention window came before all the same.
            .Union(db.ActivityMembers.Where(m => m.ActivityId == activityId && m.CameBefore && coming.Contains(m.PersonId)).Select(m => m.PersonId))
            .Distinct().CountAsync(ct);
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => held.Contains(c.OccurrenceId))
            .Select(c => new { c.PersonId, c.Variant, c.QuestionId, c.AnswerId }).ToListAsync(ct);
        var questions = checkIns.GroupBy(c => (c.Variant, c.QuestionId))
            .OrderBy(g => g.Key.Variant).ThenBy(g => g.Key.QuestionId, StringComparer.Ordinal)
            .Select(g => new QuestionFigures(
                g.Key.Variant,
                g.Key.QuestionId,
                g.Select(c => c.PersonId).Distinct().Count(),
                g.Where(c => c.AnswerId != null).Select(c => c.PersonId).Distinct().Count(),
                g.Where(c => c.AnswerId != null).GroupBy(c => c.AnswerId ?? "")
                    .ToDictionary(a => a.Key, a => a.Select(c => c.PersonId).Distinct().Count())))
            .ToList();
        var helped = await db.HelpingHands.Where(h => held.Contains(h.OccurrenceId) && coming.Contains(h.PersonId))
            .Select(h => h.PersonId).Distinct().CountAsync(ct);
        var ideasProposed = await db.Ideas.CountAsync(i => i.ActivityId == activityId && i.ProposedAt >= periodStart && i.ProposedAt < periodEnd, ct);
        var ideasBecame = await db.Ideas.CountAsync(i => i.ActivityId == activityId && i.BecameActivityAt >= periodStart && i.BecameActivityAt < periodEnd, ct);
        return new PeriodFigures(held.Count, coming.Count, coming.Count - cameBefore, cameBefore, questions,
            helped, ideasProposed, ideasBecame, await BecameVolunteersAsync(db, place.Activity, periodStart, periodEnd, ct));
    }

    /// <summary>Members of the activity whom a coordinator approved as volunteers in the period (the audit log says when).</summary>
    private static async Task<int> BecameVolunteersAsync(MakkerDb db, Activity activity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var prefix = Coordination.RoleChanges.AuditDetailPrefix(Coordination.RoleNames.Volunteer);
        var details = await db.AuditLog.Where(a => a.CommunityId == activity.CommunityId && a.Action == Coordination.RoleChanges.ApprovedAction
                && a.At >= from && a.At < to && a.Detail != null && a.Detail.StartsWith(prefix))
            .Select(a => a.Detail!).ToListAsync(ct);
        var approved = details.Select(d => long.TryParse(d[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        return approved.Count == 0 ? 0 : await db.ActivityMembers.CountAsync(m => m.ActivityId == activity.Id && approved.Contains(m.PersonId), ct);
    }
}
