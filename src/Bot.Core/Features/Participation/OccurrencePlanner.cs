using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

public sealed record DueStep(long OccurrenceId, OccurrencePhase Phase, DateTimeOffset DueAt);

/// <summary>
/// Gives weekly activities their dated occurrences a little ahead, and says which steps of which occurrences
/// are still to run and when. Idempotent: run it as often as you like.
/// </summary>
public sealed class OccurrencePlanner(IDbContextFactory<MakkerDb> dbs, ActivityDirectory directory, IEnumerable<IOccurrenceStep> laterSteps,
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
            .Where(o => o.ActivityId == activityId && o.StartsAt > now && o.CancelledAt == null && o.FirstNudgeDoneAt == null
                && !db.Rsvps.Any(r => r.OccurrenceId == o.Id) && !db.Shifts.Any(x => x.OccurrenceId == o.Id))
            .ExecuteDeleteAsync(ct);
        await PlanActivityAsync(db, activityId, now, ct);
    }

    /// <summary>
    /// Every step that has not run, with its time: the steps before the start of occurrences still to come, and
    /// the later steps (check-ins) of occurrences that ended in the last few days.
    /// </summary>
    public async Task<IReadOnlyList<DueStep>> PendingStepsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var endedSince = now.AddDays(-options.Value.LaterStepsLookbackDays);
        var occurrences = await db.Occurrences.AsNoTracking()
            .Where(o => o.CancelledAt == null
                && ((o.StartsAt > now && (o.FirstNudgeDoneAt == null || o.SecondNudgeDoneAt == null || o.BriefingDoneAt == null))
                    || (o.EndsAt > endedSince && (o.CheckInDoneAt == null || o.CheckInDigestDoneAt == null))))
            .ToListAsync(ct);
        var steps = new List<DueStep>();
        foreach (var group in occurrences.GroupBy(o => o.ActivityId))
        {
            if (await directory.FindAsync(db, group.Key, ct) is not { } place)
            {
                continue;
            }
            foreach (var occurrence in group)
            {
                if (occurrence.StartsAt > now)
                {
                    foreach (var phase in OccurrencePhases.BeforeStart)
                    {
                        if (occurrence.DoneAt(phase) is null && OccurrencePhases.DueAt(phase, place.Activity, occurrence, place.Zone) is { } due)
                        {
                            steps.Add(new DueStep(occurrence.Id, phase, due));
                        }
                    }
                }
                foreach (var step in laterSteps)
                {
                    if (occurrence.DoneAt(step.Phase) is null && step.DueAt(place.Activity, occurrence, place.Zone) is { } due && due > endedSince)
                    {
                        steps.Add(new DueStep(occurrence.Id, step.Phase, due));
                    }
                }
            }
        }
        return steps.OrderBy(s => s.DueAt).ToList();
    }
}
