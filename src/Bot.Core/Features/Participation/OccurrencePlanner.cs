using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>A step still to run, with what an operator reads about it ("First reminder · Torsdagsmiddag · 10 Dec 17:00").</summary>
public sealed record DueStep(long OccurrenceId, string Step, DateTimeOffset DueAt, string Name);

/// <summary>
/// Gives weekly activities their dated occurrences a little ahead, gives every occurrence a row per step, and says
/// which steps are still to run and when. Idempotent: run it as often as you like.
/// </summary>
public sealed class OccurrencePlanner(IDbContextFactory<MakkerDb> dbs, ActivityDirectory directory, IEnumerable<IOccurrenceStep> steps,
    IOptions<ParticipationOptions> options)
{
    public async Task PlanAsync(DateTimeOffset now, CancellationToken ct)
    {
        // All weekly activities in a few reads and one save, not a round of reads and a save per activity.
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (from, to) = Window(now);
        var existing = (await db.Occurrences.Where(o => o.StartsAt > from && o.StartsAt < to)
            .Select(o => new { o.ActivityId, o.StartsAt }).ToListAsync(ct)).ToLookup(o => o.ActivityId, o => o.StartsAt);
        foreach (var place in await directory.WeeklyAsync(db, ct))
        {
            AddMissing(db, place, existing[place.Activity.Id], now);
        }
        await db.SaveChangesAsync(ct);
        await AddMissingStepsAsync(db, db.Occurrences.Where(o => o.EndsAt > now.AddDays(-options.Value.LaterStepsLookbackDays) && o.CancelledAt == null), ct);
    }

    public async Task PlanActivityAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct)
    {
        if (await directory.FindAsync(db, activityId, ct) is not { Activity: { Days: not WeekDays.None, StartsAt: not null } } place)
        {
            return;
        }
        var (from, to) = Window(now);
        var existing = await db.Occurrences.Where(o => o.ActivityId == activityId && o.StartsAt > from && o.StartsAt < to)
            .Select(o => o.StartsAt).ToListAsync(ct);
        AddMissing(db, place, existing, now);
        await db.SaveChangesAsync(ct);
        await AddMissingStepsAsync(db, db.Occurrences.Where(o => o.ActivityId == activityId && o.StartsAt > now && o.CancelledAt == null), ct);
    }

    /// <summary>
    /// Gives each of these occurrences a row for every step that applies to it and that it has no row for yet: new
    /// occurrences, and those planned before a step was added to the product.
    /// </summary>
    private async Task AddMissingStepsAsync(MakkerDb db, IQueryable<Occurrence> occurrences, CancellationToken ct)
    {
        var names = steps.Select(s => s.Name).ToList();
        var lacking = await occurrences.Where(o => db.OccurrenceSteps.Count(s => s.OccurrenceId == o.Id && names.Contains(s.Step)) < names.Count)
            .AsNoTracking().ToListAsync(ct);
        if (lacking.Count == 0)
        {
            return;
        }
        var ids = lacking.Select(o => o.Id).ToList();
        var have = (await db.OccurrenceSteps.Where(s => ids.Contains(s.OccurrenceId)).Select(s => new { s.OccurrenceId, s.Step }).ToListAsync(ct))
            .Select(s => (s.OccurrenceId, s.Step)).ToHashSet();
        foreach (var group in lacking.GroupBy(o => o.ActivityId))
        {
            if (await directory.FindAsync(db, group.Key, ct) is not { } place)
            {
                continue;
            }
            foreach (var occurrence in group)
            {
                foreach (var step in steps)
                {
                    if (!have.Contains((occurrence.Id, step.Name)) && step.DueAt(place.Activity, occurrence, place.Zone) is { } due)
                    {
                        db.OccurrenceSteps.Add(new OccurrenceStep { OccurrenceId = occurrence.Id, Step = step.Name, DueAt = due });
                    }
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The occurrences already planned that can fall on the local dates being planned.</summary>
    private (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) =>
        (now.AddDays(-1), now.AddDays(options.Value.PlanDaysAhead + 2));

    private void AddMissing(MakkerDb db, ActivityPlace place, IEnumerable<DateTimeOffset> existingStarts, DateTimeOffset now)
    {
        var activity = place.Activity;
        if (activity is not { Days: not WeekDays.None, StartsAt: { } startsAt })
        {
            return;
        }
        var today = LocalTimes.LocalDate(now, place.Zone);
        // One occurrence per local date: after a change of time, a date already announced at the old time keeps it.
        var existing = existingStarts.Select(t => LocalTimes.LocalDate(t, place.Zone)).ToHashSet();
        for (var day = 0; day <= options.Value.PlanDaysAhead; day++)
        {
            var date = today.AddDays(day);
            if (!activity.Days.HasFlag((WeekDays)(1 << (int)date.DayOfWeek)))
            {
                continue;
            }
            var start = LocalTimes.ToInstant(date, startsAt, place.Zone);
            if (start <= now || existing.Contains(date))
            {
                continue;
            }
            db.Occurrences.Add(new Occurrence
            {
                ActivityId = activity.Id,
                StartsAt = start,
                EndsAt = start.AddMinutes(activity.DurationMinutes),
                CreatedAt = now,
            });
        }
    }

    /// <summary>
    /// After an activity's days or times changed: the coming occurrences nobody has heard of yet (no reminder sent,
    /// no answer, no shift) are planned again at the new times. Those already announced keep theirs; a host or
    /// coordinator can cancel one of those if it no longer fits.
    /// </summary>
    public async Task ReplanActivityAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Occurrences
            .Where(o => o.ActivityId == activityId && o.StartsAt > now && o.CancelledAt == null
                && !db.OccurrenceSteps.Any(s => s.OccurrenceId == o.Id && s.Step == FirstNudgeStep.StepName && s.DoneAt != null)
                && !db.Rsvps.Any(r => r.OccurrenceId == o.Id) && !db.Shifts.Any(x => x.OccurrenceId == o.Id))
            .ExecuteDeleteAsync(ct);
        await PlanActivityAsync(db, activityId, now, ct);
        await MoveDueTimesAsync(db, activityId, now, ct);
    }

    /// <summary>
    /// The steps still to come of the occurrences that keep their date get the activity's new step times (a reminder
    /// moved earlier must not wait for its old time).
    /// </summary>
    private async Task MoveDueTimesAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct)
    {
        if (await directory.FindAsync(db, activityId, ct) is not { } place)
        {
            return;
        }
        var pending = await (from s in db.OccurrenceSteps
                             join o in db.Occurrences on s.OccurrenceId equals o.Id
                             where o.ActivityId == activityId && s.DoneAt == null && s.DueAt > now
                             select new { Row = s, Occurrence = o }).ToListAsync(ct);
        foreach (var item in pending)
        {
            if (steps.FirstOrDefault(s => s.Name == item.Row.Step) is { Repeats: false } step && step.DueAt(place.Activity, item.Occurrence, place.Zone) is { } due)
            {
                item.Row.DueAt = due;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Every step that has not run and is due by <paramref name="until"/>, earliest first. The steps of occurrences that
    /// ended more than <see cref="ParticipationOptions.LaterStepsLookbackDays"/> ago (the bot was down for days) are let go.
    /// </summary>
    public async Task<IReadOnlyList<DueStep>> PendingStepsAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = now.AddDays(-options.Value.LaterStepsLookbackDays);
        var rows = await (from s in db.OccurrenceSteps
                          join o in db.Occurrences on s.OccurrenceId equals o.Id
                          where s.DoneAt == null && o.EndsAt > since && s.DueAt <= until && o.CancelledAt == null
                          select new { s.OccurrenceId, s.Step, s.DueAt, o.ActivityId }).AsNoTracking().ToListAsync(ct);
        var due = new List<DueStep>(rows.Count);
        foreach (var group in rows.GroupBy(r => r.ActivityId))
        {
            var place = await directory.FindAsync(db, group.Key, ct);
            foreach (var row in group)
            {
                due.Add(new DueStep(row.OccurrenceId, row.Step, row.DueAt, place is null ? row.Step : NameOf(row.Step, place, row.DueAt)));
            }
        }
        return due.OrderBy(s => s.DueAt).ThenBy(s => s.OccurrenceId).ThenBy(s => s.Step, StringComparer.Ordinal).ToList();
    }

    /// <summary>The name of one occurrence's step for the dashboard.</summary>
    public async Task<string> NameOfAsync(long occurrenceId, string step, DateTimeOffset dueAt, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var occurrence = await db.Occurrences.FindAsync([occurrenceId], ct);
        var place = occurrence is null ? null : await directory.FindAsync(db, occurrence.ActivityId, ct);
        return place is null ? step : NameOf(step, place, dueAt);
    }

    /// <summary>"First reminder · Torsdagsmiddag · 10 Dec 17:00": the step, the activity and the local time it is due.</summary>
    public string NameOf(string step, ActivityPlace place, DateTimeOffset dueAt)
    {
        var title = steps.FirstOrDefault(s => s.Name == step)?.Title ?? step;
        var local = LocalTimes.ToLocal(dueAt, place.Zone);
        return $"{title} · {place.Activity.Name} · {local.ToString("d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
