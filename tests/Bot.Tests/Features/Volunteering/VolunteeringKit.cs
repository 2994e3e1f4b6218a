using System.Globalization;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Volunteering;

/// <summary>Shared times and look-ups of the volunteering tests.</summary>
internal static class VolunteeringKit
{
    public static readonly TimeOnly CookFrom = new(15, 30);
    public static readonly TimeOnly CookTo = new(18, 0);

    /// <summary>A local time on the Thursday of the dinner <paramref name="week"/> weeks after the first (26 November 2026).</summary>
    public static DateTimeOffset Thursday(int week, int hour, int minute = 0)
    {
        var date = new DateOnly(2026, 11, 26).AddDays(7 * week);
        return ParticipationWorld.Local(date.Year, date.Month, date.Day, hour, minute);
    }

    /// <summary>The start of the dinner <paramref name="week"/> weeks after the first: what a shift's occurrence is found by.</summary>
    public static DateTimeOffset Dinner(int week) => Thursday(week, 17, 30);

    /// <summary>
    /// The prompts about the shift of this role at this dinner, in the order they were written: within one wave
    /// that is the rotation's order, which the prompts' own ask times (all the same) cannot show.
    /// </summary>
    public static async Task<List<(string Who, OutboxMessage Message)>> PromptsAsync(this VolunteerWorld v, string role, DateTimeOffset dinner)
    {
        await using var db = v.H.Db();
        var shiftId = await (from s in db.Shifts
                             join o in db.Occurrences on s.OccurrenceId equals o.Id
                             where s.Role == role && o.StartsAt == dinner
                             select (long?)s.Id).SingleOrDefaultAsync();
        if (shiftId is null)
        {
            return [];
        }
        var args = shiftId.Value.ToString(CultureInfo.InvariantCulture);
        var rows = await (from t in db.ButtonTokens
                          join m in db.Outbox on t.MessageId equals (long?)m.Id
                          join p in db.People on t.PersonId equals p.Id
                          where t.Purpose == ShiftRounds.PromptPurpose && t.Args == args
                          orderby m.Id
                          select new { p.ExternalId, Message = m }).ToListAsync();
        return rows.Select(r => (r.ExternalId, r.Message)).ToList();
    }

    /// <summary>When each shift prompt to this person was written, oldest first, whatever the shift.</summary>
    public static async Task<List<DateTimeOffset>> PromptTimesAsync(this VolunteerWorld v, string who)
    {
        await using var db = v.H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        return (await db.ShiftPrompts.Where(p => p.PersonId == person.Id).Select(p => p.AskedAt).ToListAsync()).Order().ToList();
    }

    public static async Task<Shift> ShiftAsync(this VolunteerWorld v, string role, DateTimeOffset dinner)
    {
        await using var db = v.H.Db();
        return await (from s in db.Shifts
                      join o in db.Occurrences on s.OccurrenceId equals o.Id
                      where s.Role == role && o.StartsAt == dinner
                      select s).SingleAsync();
    }

    /// <summary>The day-before reminders this person got: messages that open as the reminder text does.</summary>
    public static async Task<List<OutboxMessage>> RemindersAsync(this VolunteerWorld v, string who)
    {
        var template = v.H.T(VolunteeringTexts.Reminder);
        var opening = template[..template.IndexOf('{', StringComparison.Ordinal)];
        return (await v.W.InboxAsync(who)).Where(m => m.Text.StartsWith(opening, StringComparison.Ordinal)).ToList();
    }
}
