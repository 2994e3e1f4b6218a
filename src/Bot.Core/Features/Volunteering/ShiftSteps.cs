using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Volunteering;

/// <summary>
/// From <see cref="VolunteeringOptions.LeadDays"/> before: the occurrence gets its shifts from the activity's
/// templates, and each open shift its waves of prompts in fair rotation, the next wave when the last one has had
/// <see cref="VolunteeringOptions.WaveWaitHours"/> to answer. It repeats until every place is taken or the occurrence
/// begins; a hand-back wakes it again.
/// </summary>
public sealed class ShiftPromptsStep(Nudges nudges, IOptions<VolunteeringOptions> options, ILogger<ShiftPromptsStep> log) : IOccurrenceStep
{
    public const string StepName = "shift-prompts";

    public string Name => StepName;

    public string Title => "Shift prompts";

    public bool Repeats => true;

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) => occurrence.StartsAt.AddDays(-options.Value.LeadDays);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence, now) = (run.Db, run.Place, run.Occurrence, run.Now);
        if (now >= occurrence.StartsAt)
        {
            return StepOutcome.Done;
        }
        await EnsureShiftsAsync(db, place, occurrence, now, ct);
        var open = await db.Shifts.Where(s => s.OccurrenceId == occurrence.Id && s.StartsAt > now && s.Taken < s.Needed)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        DateTimeOffset? next = null;
        foreach (var shift in open)
        {
            if (shift.NextWaveAt is null || shift.NextWaveAt <= now)
            {
                var candidates = await ShiftRounds.CandidatesAsync(db, place, shift, now, everyone: false, ct);
                var wave = ShiftRounds.Prompt(db, nudges, place, shift, candidates, now, run.Reach, options.Value.AskPerPlace * (shift.Needed - shift.Taken));
                if (wave.Count > 0)
                {
                    shift.NextWaveAt = now.AddHours(options.Value.WaveWaitHours);
                    log.LogInformation("Asked {Count} volunteer(s) about shift {ShiftId}", wave.Count, shift.Id);
                }
                // The next shift's rotation must see who was just asked about this one.
                await db.SaveChangesAsync(ct);
            }
            // Nobody to ask leaves the wave due, so a volunteer who joins (or whose break ends) is asked at the next look.
            var wakeAt = shift.NextWaveAt > now ? shift.NextWaveAt.Value : now.AddMinutes(options.Value.LookAgainMinutes);
            next = next is null || wakeAt < next ? wakeAt : next;
        }
        return next is { } at && at < occurrence.StartsAt ? StepOutcome.Again(at) : StepOutcome.Done;
    }

    private static async Task EnsureShiftsAsync(MakkerDb db, ActivityPlace place, Occurrence occurrence, DateTimeOffset now, CancellationToken ct)
    {
        var have = await db.Shifts.Where(s => s.OccurrenceId == occurrence.Id).Select(s => s.TemplateId).ToListAsync(ct);
        var date = LocalTimes.LocalDate(occurrence.StartsAt, place.Zone);
        foreach (var template in await db.ShiftTemplates.Where(t => t.ActivityId == occurrence.ActivityId).ToListAsync(ct))
        {
            if (have.Contains(template.Id))
            {
                continue;
            }
            var starts = LocalTimes.ToInstant(date, template.StartsAt, place.Zone);
            var ends = LocalTimes.ToInstant(template.EndsAt > template.StartsAt ? date : date.AddDays(1), template.EndsAt, place.Zone);
            db.Shifts.Add(new Shift
            {
                OccurrenceId = occurrence.Id,
                TemplateId = template.Id,
                Role = template.Role,
                StartsAt = starts,
                EndsAt = ends,
                Needed = template.Needed,
                NextWaveAt = now,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A shift template was added to the activity: the coming occurrences' prompts steps that have begun run again now,
    /// so the new shifts are made and asked about (the others will see the template when their time comes).
    /// </summary>
    public static Task WakeForActivityAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct) =>
        db.OccurrenceSteps.Where(s => s.Step == StepName && s.DueAt <= now
                && db.Occurrences.Any(o => o.Id == s.OccurrenceId && o.ActivityId == activityId && o.StartsAt > now && o.CancelledAt == null))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DoneAt, (DateTimeOffset?)null).SetProperty(x => x.DueAt, now), ct);

    /// <summary>A place came free again (a hand-back): the prompts step runs again now, even if it had finished.</summary>
    public static async Task WakeAsync(MakkerDb db, long occurrenceId, DateTimeOffset now, CancellationToken ct)
    {
        var woken = await db.OccurrenceSteps.Where(s => s.OccurrenceId == occurrenceId && s.Step == StepName)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DoneAt, (DateTimeOffset?)null).SetProperty(x => x.DueAt, now), ct);
        if (woken == 0)
        {
            db.OccurrenceSteps.Add(new OccurrenceStep { OccurrenceId = occurrenceId, Step = StepName, DueAt = now });
        }
    }
}

/// <summary>The day before, at <see cref="VolunteeringOptions.ReminderAt"/> local time, everyone on a shift gets a reminder with a way to hand it back.</summary>
public sealed class ShiftReminderStep(Nudges nudges, IOptions<VolunteeringOptions> options) : IOccurrenceStep
{
    public string Name => "shift-reminders";

    public string Title => "Shift reminders";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) =>
        LocalTimes.ToInstant(LocalTimes.LocalDate(occurrence.StartsAt, zone).AddDays(-1), options.Value.ReminderAt, zone);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, now) = (run.Db, run.Place, run.Now);
        var open = await (from a in db.ShiftAssignments
                          join s in db.Shifts on a.ShiftId equals s.Id
                          where s.OccurrenceId == run.Occurrence.Id && a.HandedBackAt == null && a.RemindedAt == null && s.StartsAt > now
                          orderby a.Id
                          select new { Assignment = a, Shift = s }).ToListAsync(ct);
        foreach (var item in open)
        {
            if (await db.People.FindAsync([item.Assignment.PersonId], ct) is not { Unreachable: false } person)
            {
                continue;
            }
            item.Assignment.RemindedAt = now;
            if (item.Assignment.AcceptedAt >= ShiftRounds.RemindAt(item.Shift, place.Zone, options.Value))
            {
                continue; // taken after the reminder time: the confirmation just said it all
            }
            var ctx = run.Reach(person);
            var reminder = ctx.SendChoice(ctx.T(VolunteeringTexts.Reminder, ShiftMoments.Values(ctx, place, item.Shift)), ShiftRounds.HandBackPurpose,
                item.Assignment.Id.ToString(CultureInfo.InvariantCulture), [(ShiftRounds.Back, ctx.T(VolunteeringTexts.ButtonHandBack))], out _);
            reminder.NotBefore = nudges.QuietRelease(person, now, place.Zone);
        }
        return StepOutcome.Done;
    }
}

/// <summary>
/// <see cref="VolunteeringOptions.FirstCoverageAlertHours"/> and <see cref="VolunteeringOptions.SecondCoverageAlertHours"/>
/// before the start, the coordinators hear which shifts still miss people, with a button to ask every volunteer.
/// </summary>
public sealed class CoverageAlertStep(Nudges nudges, IOptions<VolunteeringOptions> options, bool second) : IOccurrenceStep
{
    public string Name => second ? "coverage-second" : "coverage-first";

    public string Title => second ? "Second coverage alert" : "First coverage alert";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) =>
        occurrence.StartsAt.AddHours(-(second ? options.Value.SecondCoverageAlertHours : options.Value.FirstCoverageAlertHours));

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence, now) = (run.Db, run.Place, run.Occurrence, run.Now);
        if (now >= occurrence.StartsAt || (!second && now >= occurrence.StartsAt.AddHours(-options.Value.SecondCoverageAlertHours)))
        {
            return StepOutcome.Done; // the second alert, due as well by now, says it all
        }
        var missing = await db.Shifts.Where(s => s.OccurrenceId == occurrence.Id && s.Taken < s.Needed).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (missing.Count == 0)
        {
            return StepOutcome.Done;
        }
        foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, place.Activity.CommunityId, ct))
        {
            var ctx = run.Reach(coordinator);
            var alert = ctx.SendChoice(ShiftRounds.CoverageText(ctx, place, occurrence, missing), ShiftRounds.AskAllPurpose,
                occurrence.Id.ToString(CultureInfo.InvariantCulture), [(ShiftRounds.AskAll, ctx.T(VolunteeringTexts.ButtonAskAll))], out _);
            alert.NotBefore = nudges.QuietRelease(coordinator, now, place.Zone);
        }
        return StepOutcome.Done;
    }
}
