using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>What participation stores about a person, for /mydata: answers, company asked for and asked about, reminders sent, settings.</summary>
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
        // Their own requests for company, as they turned out (an open one shows in the answer above), and the times
        // they were asked to keep someone else company.
        var requests = await (from c in db.CompanyRequests
                              join o in db.Occurrences on c.OccurrenceId equals o.Id
                              join b in db.People on c.BuddyPersonId equals b.Id into buddies
                              from b in buddies.DefaultIfEmpty()
                              where c.PersonId == person.Id && (c.Status == CompanyStatus.Matched || c.Status == CompanyStatus.HostWelcome)
                              orderby o.StartsAt
                              select new { c.Status, Occurrence = o, Buddy = b }).ToListAsync(ct);
        foreach (var request in requests)
        {
            var values = await DescribeAsync(ctx, request.Occurrence, ct);
            if (request is { Status: CompanyStatus.Matched, Buddy: { } buddy })
            {
                values["name"] = ctx.NameOf(buddy);
                lines.Add(ctx.T(ParticipationTexts.MyDataCompanyMatched, values));
            }
            else
            {
                lines.Add(ctx.T(ParticipationTexts.MyDataCompanyHost, values));
            }
        }
        var asked = await (from p in db.CompanyPrompts
                           join c in db.CompanyRequests on p.RequestId equals c.Id
                           join o in db.Occurrences on c.OccurrenceId equals o.Id
                           where p.PersonId == person.Id && c.BuddyPersonId != person.Id
                           orderby o.StartsAt
                           select o).ToListAsync(ct);
        foreach (var occurrence in asked)
        {
            lines.Add(ctx.T(ParticipationTexts.MyDataCompanyAsked, await DescribeAsync(ctx, occurrence, ct)));
        }
        if (lines.Count > 0)
        {
            lines.Insert(0, ctx.T(ParticipationTexts.MyDataAnswers));
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
