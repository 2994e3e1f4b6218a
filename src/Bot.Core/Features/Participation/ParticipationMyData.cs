using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>What participation stores about a person, for /mydata: answers, company, reminders sent, settings.</summary>
public sealed class ParticipationMyData(ActivityDirectory directory) : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var db = ctx.Db;
        var lines = new List<string>();
        var answers = await (from r in db.Rsvps
                             join o in db.Occurrences on r.OccurrenceId equals o.Id
                             where r.PersonId == person.Id
                             orderby o.StartsAt
                             select new { r.Answer, r.WantsCompany, Occurrence = o }).ToListAsync(ct);
        var buddyOf = await (from c in db.CompanyRequests
                             join o in db.Occurrences on c.OccurrenceId equals o.Id
                             join p in db.People on c.PersonId equals p.Id
                             where c.BuddyPersonId == person.Id && c.Status == CompanyStatus.Matched
                             orderby o.StartsAt
                             select new { Occurrence = o, Person = p }).ToListAsync(ct);
        if (answers.Count > 0 || buddyOf.Count > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.MyDataAnswers));
        }
        foreach (var answer in answers)
        {
            var key = answer.Answer == RsvpAnswer.NotToday ? ParticipationTexts.MyDataAnswerNotToday
                : answer.WantsCompany ? ParticipationTexts.MyDataAnswerCompany : ParticipationTexts.MyDataAnswerComing;
            lines.Add(ctx.T(key, await DescribeAsync(ctx, answer.Occurrence, ct)));
        }
        foreach (var pair in buddyOf)
        {
            var values = await DescribeAsync(ctx, pair.Occurrence, ct);
            values["name"] = ctx.NameOf(pair.Person);
            lines.Add(ctx.T(ParticipationTexts.MyDataBuddyOf, values));
        }
        var sent = await db.NudgesSent.Where(n => n.PersonId == person.Id).OrderBy(n => n.SentAt).Select(n => n.SentAt).ToListAsync(ct);
        if (sent.Count > 0)
        {
            lines.Add(ctx.T(ParticipationTexts.MyDataRemindersSent, new Dictionary<string, string>
            {
                ["dates"] = string.Join(", ", sent.Select(s => ctx.FormatDate(s))),
            }));
        }
        if (await db.CommunityMembers.AnyAsync(m => m.PersonId == person.Id && m.WillingBuddy, ct))
        {
            lines.Add(ctx.T(ParticipationTexts.MyDataWillingBuddy));
        }
        if (person.QuietFrom is { } from && person.QuietUntil is { } until)
        {
            lines.Add(ctx.T(ParticipationTexts.MyDataQuietHours, new Dictionary<string, string>
            {
                ["from"] = ctx.FormatTime(from),
                ["until"] = ctx.FormatTime(until),
            }));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private async Task<Dictionary<string, string>> DescribeAsync(TurnContext ctx, Occurrence occurrence, CancellationToken ct)
    {
        var place = await directory.FindAsync(ctx.Db, occurrence.ActivityId, ct);
        return new Dictionary<string, string>
        {
            ["activity"] = place?.Activity.Name ?? "",
            ["date"] = ctx.FormatDate(occurrence.StartsAt),
        };
    }
}
