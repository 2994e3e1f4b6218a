using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Volunteering;

/// <summary>The shift roster in the host briefing and /today: who has which shift, and what is still missing.</summary>
public sealed class ShiftRoster : IBriefingSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, CancellationToken ct)
    {
        var shifts = await ctx.Db.Shifts.Where(s => s.OccurrenceId == occurrence.Id).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (shifts.Count == 0)
        {
            return null;
        }
        var ids = shifts.Select(s => s.Id).ToList();
        var names = await (from a in ctx.Db.ShiftAssignments
                           join p in ctx.Db.People on a.PersonId equals p.Id
                           where ids.Contains(a.ShiftId) && a.HandedBackAt == null
                           orderby a.AcceptedAt, p.Id
                           select new { a.ShiftId, Person = p }).ToListAsync(ct);
        var lines = new List<string> { ctx.T(VolunteeringTexts.Roster) };
        foreach (var shift in shifts)
        {
            var values = ShiftMoments.Values(ctx, place, shift);
            var who = names.Where(n => n.ShiftId == shift.Id).Select(n => ctx.NameOf(n.Person)).ToList();
            var text = who.Count == 0 ? ctx.T(VolunteeringTexts.RosterNobody) : string.Join(", ", who);
            if (shift.Taken < shift.Needed)
            {
                text += " " + ctx.T(VolunteeringTexts.RosterMissing, new Dictionary<string, string> { ["count"] = (shift.Needed - shift.Taken).ToString(ctx.Culture) });
            }
            values["names"] = text;
            lines.Add(ctx.T(VolunteeringTexts.RosterLine, values));
        }
        return string.Join("\n", lines);
    }
}

/// <summary>Those on shift at an occurrence get the volunteer check-in question afterwards.</summary>
public sealed class OnShiftAudience : ICheckInAudience
{
    public string Variant => Conversations.Dialogs.CheckInVariants.Volunteer;

    public Task<List<Person>> PeopleAsync(MakkerDb db, Occurrence occurrence, DateTimeOffset now, CancellationToken ct) =>
        (from a in db.ShiftAssignments
         join s in db.Shifts on a.ShiftId equals s.Id
         join p in db.People on a.PersonId equals p.Id
         where s.OccurrenceId == occurrence.Id && a.HandedBackAt == null
             && p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
             && (p.PausedUntil == null || p.PausedUntil <= now)
         orderby p.Id
         select p).Distinct().ToListAsync(ct);
}

/// <summary>What volunteering stores about a person, for /mydata.</summary>
public sealed class VolunteeringMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var lines = new List<string>();
        if (await ctx.Db.Volunteers.FindAsync([person.Id], ct) is { } volunteer)
        {
            lines.Add(VolunteerCommand.Status(ctx, volunteer));
        }
        var shifts = await (from a in ctx.Db.ShiftAssignments
                            join s in ctx.Db.Shifts on a.ShiftId equals s.Id
                            where a.PersonId == person.Id && a.HandedBackAt == null
                            orderby s.StartsAt, s.Id
                            select s).ToListAsync(ct);
        if (shifts.Count > 0)
        {
            lines.Add(ctx.T(VolunteeringTexts.MyDataShifts, new Dictionary<string, string>
            {
                ["shifts"] = string.Join(", ", shifts.Select(s => $"{ShiftMoments.RoleName(ctx, s.Role)} {ctx.FormatDate(s.StartsAt)}")),
            }));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}
