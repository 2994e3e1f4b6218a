using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Volunteering;

/// <summary>
/// What the shift steps (<see cref="ShiftPromptsStep"/>, <see cref="ShiftReminderStep"/>, <see cref="CoverageAlertStep"/>)
/// and the shift buttons share: who may be asked, in which order, and how a prompt and a coverage alert read.
/// </summary>
public static class ShiftRounds
{
    public const string PromptPurpose = "shift";
    public const string HandBackPurpose = "shift_back";
    public const string AskAllPurpose = "shift_askall";
    public const string Yes = "yes";
    public const string No = "no";
    public const string Back = "back";
    public const string AskAll = "all";

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
    /// Who may be asked about this shift: volunteers a coordinator approved in the community, for its role, reachable and not on a break,
    /// not asked about it yet and without another shift at the same occurrence. In rotation (least recently asked
    /// or serving first, each asked at most as often as they chose); a coordinator's "ask all" asks every volunteer
    /// of the community, whatever their roles and however recently they were asked.
    /// </summary>
    public static async Task<List<Person>> CandidatesAsync(MakkerDb db, ActivityPlace place, Shift shift, DateTimeOffset now, bool everyone, CancellationToken ct)
    {
        var people = await (from v in db.Volunteers
                            join p in db.People on v.PersonId equals p.Id
                            join m in db.CommunityMembers on p.Id equals m.PersonId
                            where m.CommunityId == place.Activity.CommunityId && m.IsVolunteer
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

    /// <summary>
    /// A shift goes back (handed back, or the volunteer role ended): the place reopens and the asking starts again.
    /// </summary>
    public static async Task HandBackAsync(MakkerDb db, ShiftAssignment assignment, Shift shift, DateTimeOffset now, CancellationToken ct)
    {
        assignment.HandedBackAt = now;
        shift.Taken = Math.Max(0, shift.Taken - 1);
        shift.NextWaveAt = now;
        await ShiftPromptsStep.WakeAsync(db, shift.OccurrenceId, now, ct);
        if (shift.Taken == shift.Needed - 1)
        {
            // It was full, so the prompts nobody had answered lost their buttons: those people never said no and may
            // be asked again (and their quiet prompt no longer counts against how often they like to be asked).
            await db.ShiftPrompts.Where(p => p.ShiftId == shift.Id && p.Accepted == null && p.PersonId != assignment.PersonId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>The reminder goes the day before the shift at <see cref="VolunteeringOptions.ReminderAt"/> local time.</summary>
    public static DateTimeOffset RemindAt(Shift shift, TimeZoneInfo zone, VolunteeringOptions options) =>
        LocalTimes.ToInstant(LocalTimes.LocalDate(shift.StartsAt, zone).AddDays(-1), options.ReminderAt, zone);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

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
