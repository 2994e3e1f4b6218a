using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Volunteering;

/// <summary>
/// The shift rounds, run every few minutes: occurrences coming within the lead time get their shifts from the
/// templates, open shifts get their next wave of prompts, volunteers get their reminder the day before, and the
/// coordinators hear what is still missing 48 and 24 hours before. Each part is idempotent.
/// </summary>
public sealed class ShiftRounds(
    IDbContextFactory<MakkerDb> dbs,
    ConversationEngine engine,
    ActivityDirectory directory,
    Nudges nudges,
    OutboxSignal signal,
    IOptions<VolunteeringOptions> options,
    ILogger<ShiftRounds> log)
{
    public const string PromptPurpose = "shift";
    public const string HandBackPurpose = "shift_back";
    public const string AskAllPurpose = "shift_askall";
    public const string Yes = "yes";
    public const string No = "no";
    public const string Back = "back";
    public const string AskAll = "all";

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await EnsureShiftsAsync(now, ct);
        await WavesAsync(now, ct);
        await RemindersAsync(now, ct);
        await CoverageAlertsAsync(now, ct);
    }

    private async Task EnsureShiftsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var until = now.AddDays(options.Value.LeadDays);
        var occurrences = await db.Occurrences
            .Where(o => o.CancelledAt == null && o.StartsAt > now && o.StartsAt <= until && db.ShiftTemplates.Any(t => t.ActivityId == o.ActivityId))
            .ToListAsync(ct);
        foreach (var occurrence in occurrences)
        {
            if (await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
            {
                continue;
            }
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
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task WavesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var due = await (from s in db.Shifts
                         join o in db.Occurrences on s.OccurrenceId equals o.Id
                         where o.CancelledAt == null && s.StartsAt > now && s.Taken < s.Needed && s.NextWaveAt != null && s.NextWaveAt <= now
                         orderby s.StartsAt, s.Id
                         select s.Id).ToListAsync(ct);
        foreach (var shiftId in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var shift = await db.Shifts.SingleAsync(s => s.Id == shiftId, ct);
            var occurrence = await db.Occurrences.SingleAsync(o => o.Id == shift.OccurrenceId, ct);
            if (await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
            {
                continue;
            }
            var candidates = await CandidatesAsync(db, place, shift, now, everyone: false, ct);
            var wave = Prompt(db, nudges, place, shift, candidates, now, person => engine.CreateOutreach(db, person, now, place.Zone),
                options.Value.AskPerPlace * (shift.Needed - shift.Taken));
            if (wave.Count > 0)
            {
                // Nobody to ask leaves the wave due, so a volunteer who joins (or whose break ends) is asked at the next round.
                shift.NextWaveAt = now.AddHours(options.Value.WaveWaitHours);
            }
            await ConversationEngine.SaveOutreachAsync(db, wave.Select(w => w.Context), ct);
            await tx.CommitAsync(ct);
            if (wave.Count > 0)
            {
                log.LogInformation("Asked {Count} volunteer(s) about shift {ShiftId}", wave.Count, shift.Id);
            }
        }
        signal.Pulse();
    }

    /// <summary>
    /// Queues one prompt to each person, in order, up to <paramref name="limit"/>; used by the waves and by a
    /// coordinator's "ask all". Returns those asked.
    /// </summary>
    public static List<(Person Person, TurnContext Context)> Prompt(MakkerDb db, Nudges nudges, ActivityPlace place, Shift shift, IEnumerable<Person> people,
        DateTimeOffset now, Func<Person, TurnContext> reach, int limit = int.MaxValue)
    {
        var asked = new List<(Person, TurnContext)>();
        foreach (var person in people.TakeWhile(_ => asked.Count < limit))
        {
            var release = nudges.QuietRelease(person, now, place.Zone);
            if (release is { } at && at >= shift.StartsAt)
            {
                // Quiet hours would hold it until the shift has begun: useless then, and it would still use up
                // the person's turn in the rotation. The next one in line may have other quiet hours.
                continue;
            }
            var ctx = reach(person);
            var message = ctx.SendChoice(ctx.T(VolunteeringTexts.ShiftPrompt, ShiftMoments.Values(ctx, place, shift)), PromptPurpose,
                shift.Id.ToString(CultureInfo.InvariantCulture),
                [(Yes, ctx.T(VolunteeringTexts.ButtonShiftYes)), (No, ctx.T(VolunteeringTexts.ButtonShiftNo))], out _);
            message.NotBefore = release;
            db.ShiftPrompts.Add(new ShiftPrompt { ShiftId = shift.Id, PersonId = person.Id, AskedAt = now });
            asked.Add((person, ctx));
        }
        return asked;
    }

    /// <summary>
    /// Who may be asked about this shift: volunteers of the community for its role, reachable and not on a break,
    /// not asked about it yet and without another shift at the same occurrence. In rotation (least recently asked
    /// or serving first, each asked at most as often as they chose); a coordinator's "ask all" asks every volunteer
    /// of the community, whatever their roles and however recently they were asked.
    /// </summary>
    public static async Task<List<Person>> CandidatesAsync(MakkerDb db, ActivityPlace place, Shift shift, DateTimeOffset now, bool everyone, CancellationToken ct)
    {
        var people = await (from v in db.Volunteers
                            join p in db.People on v.PersonId equals p.Id
                            join m in db.CommunityMembers on p.Id equals m.PersonId
                            where m.CommunityId == place.Activity.CommunityId
                                && p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
                                && (p.PausedUntil == null || p.PausedUntil <= now)
                                && !db.ShiftPrompts.Any(x => x.ShiftId == shift.Id && x.PersonId == p.Id)
                                && !db.ShiftAssignments.Any(a => a.PersonId == p.Id && a.HandedBackAt == null
                                    && db.Shifts.Any(s => s.Id == a.ShiftId && s.OccurrenceId == shift.OccurrenceId))
                            select new { Person = p, v.Roles, v.Frequency }).ToListAsync(ct);
        var ids = people.Select(p => p.Person.Id).ToList();
        var lastAsked = (await db.ShiftPrompts.Where(x => ids.Contains(x.PersonId)).GroupBy(x => x.PersonId)
            .Select(g => new { g.Key, Last = g.Max(x => x.AskedAt) }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Last);
        var lastServed = (await (from a in db.ShiftAssignments
                                 join s in db.Shifts on a.ShiftId equals s.Id
                                 where ids.Contains(a.PersonId) && a.HandedBackAt == null
                                 group s.StartsAt by a.PersonId into g
                                 select new { g.Key, Last = g.Max() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Last);
        return people
            .Where(p => everyone || p.Roles.Length == 0 || ShiftMoments.ParseRoles(p.Roles).Contains(shift.Role))
            .Where(p => everyone || !lastAsked.TryGetValue(p.Person.Id, out var asked) || asked <= now.AddDays(-(int)p.Frequency))
            .OrderBy(p => Max(lastAsked.GetValueOrDefault(p.Person.Id), lastServed.GetValueOrDefault(p.Person.Id)))
            .ThenBy(p => p.Person.Id)
            .Select(p => p.Person)
            .ToList();
    }

    /// <summary>The reminder goes the day before the shift at <see cref="VolunteeringOptions.ReminderAt"/> local time.</summary>
    public static DateTimeOffset RemindAt(Shift shift, TimeZoneInfo zone, VolunteeringOptions options) =>
        LocalTimes.ToInstant(LocalTimes.LocalDate(shift.StartsAt, zone).AddDays(-1), options.ReminderAt, zone);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task RemindersAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var open = await (from a in db.ShiftAssignments
                          join s in db.Shifts on a.ShiftId equals s.Id
                          join o in db.Occurrences on s.OccurrenceId equals o.Id
                          where a.HandedBackAt == null && a.RemindedAt == null && o.CancelledAt == null && s.StartsAt > now
                              && s.StartsAt <= now.AddDays(2)
                          select new { Assignment = a, Shift = s, o.ActivityId }).ToListAsync(ct);
        var contexts = new List<TurnContext>();
        foreach (var item in open)
        {
            if (await directory.FindAsync(db, item.ActivityId, ct) is not { } place
                || await db.People.FindAsync([item.Assignment.PersonId], ct) is not { Unreachable: false } person)
            {
                continue;
            }
            var remindAt = RemindAt(item.Shift, place.Zone, options.Value);
            if (now < remindAt)
            {
                continue;
            }
            item.Assignment.RemindedAt = now;
            if (item.Assignment.AcceptedAt >= remindAt)
            {
                continue; // taken after the reminder time: the confirmation just said it all
            }
            var ctx = engine.CreateOutreach(db, person, now, place.Zone);
            var reminder = ctx.SendChoice(ctx.T(VolunteeringTexts.Reminder, ShiftMoments.Values(ctx, place, item.Shift)), HandBackPurpose,
                item.Assignment.Id.ToString(CultureInfo.InvariantCulture), [(Back, ctx.T(VolunteeringTexts.ButtonHandBack))], out _);
            reminder.NotBefore = nudges.QuietRelease(person, now, place.Zone);
            contexts.Add(ctx);
        }
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
    }

    private async Task CoverageAlertsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var first = now.AddHours(options.Value.FirstCoverageAlertHours);
        var occurrenceIds = await db.Occurrences
            .Where(o => o.CancelledAt == null && o.StartsAt > now && o.StartsAt <= first && o.CoverageAlertsSent < 2 && db.Shifts.Any(s => s.OccurrenceId == o.Id))
            .Select(o => o.Id).ToListAsync(ct);
        foreach (var id in occurrenceIds)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var occurrence = await db.Occurrences.SingleAsync(o => o.Id == id, ct);
            var stage = occurrence.StartsAt <= now.AddHours(options.Value.SecondCoverageAlertHours) ? 2 : 1;
            if (stage <= occurrence.CoverageAlertsSent || await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
            {
                continue;
            }
            occurrence.CoverageAlertsSent = stage;
            var contexts = new List<TurnContext>();
            var missing = await db.Shifts.Where(s => s.OccurrenceId == id && s.Taken < s.Needed).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
            if (missing.Count > 0)
            {
                foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, place.Activity.CommunityId, ct))
                {
                    var ctx = engine.CreateOutreach(db, coordinator, now, place.Zone);
                    var alert = ctx.SendChoice(CoverageText(ctx, place, occurrence, missing), AskAllPurpose, id.ToString(CultureInfo.InvariantCulture),
                        [(AskAll, ctx.T(VolunteeringTexts.ButtonAskAll))], out _);
                    alert.NotBefore = nudges.QuietRelease(coordinator, now, place.Zone);
                    contexts.Add(ctx);
                }
            }
            await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
            await tx.CommitAsync(ct);
        }
        signal.Pulse();
    }

    public static string CoverageText(TurnContext ctx, ActivityPlace place, Occurrence occurrence, IEnumerable<Shift> missing) =>
        ctx.T(VolunteeringTexts.CoverageAlert, new Dictionary<string, string>
        {
            ["activity"] = place.Activity.Name,
            ["date"] = ctx.FormatDate(occurrence.StartsAt),
            ["missing"] = string.Join("\n", missing.Select(s =>
            {
                var values = ShiftMoments.Values(ctx, place, s);
                values["count"] = (s.Needed - s.Taken).ToString(ctx.Culture);
                return ctx.T(VolunteeringTexts.CoverageLine, values);
            })),
        });
}
