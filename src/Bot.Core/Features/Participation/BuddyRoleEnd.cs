using System.Globalization;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// A coordinator ended someone's role keeping participants company in a community: the company prompts they have not
/// answered there lose their buttons, and whoever they were to walk with hears, warmly, that a host welcomes them at the
/// door instead (and the hosts hear it, once they have had their briefing).
/// </summary>
public sealed class BuddyRoleEnd(ActivityDirectory directory) : IRoleEnd
{
    public async Task OnRoleEndedAsync(MakkerDb db, RoleEnded ended, CancellationToken ct)
    {
        if (ended.Role != RoleNames.Buddy)
        {
            return;
        }
        var buddy = ended.Person;
        var requestsHere = from r in db.CompanyRequests
                           join o in db.Occurrences on r.OccurrenceId equals o.Id
                           join a in db.Activities on o.ActivityId equals a.Id
                           where a.CommunityId == ended.CommunityId && o.StartsAt > ended.Now
                           select r;
        var open = (await requestsHere.Where(r => r.Status == CompanyStatus.Open).Select(r => r.Id).ToListAsync(ct))
            .Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var prompts = await db.ButtonTokens.Where(t => t.PersonId == buddy.Id && t.UsedAt == null && t.Purpose == Company.PromptPurpose && open.Contains(t.Args!))
            .ToListAsync(ct);
        await RoleChanges.CloseAsync(ended.Reach(buddy, ended.Zone), prompts, ended.Now, ct);

        foreach (var request in await requestsHere.Where(r => r.Status == CompanyStatus.Matched && r.BuddyPersonId == buddy.Id).ToListAsync(ct))
        {
            var occurrence = (await db.Occurrences.FindAsync([request.OccurrenceId], ct))!;
            if (await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place || await db.People.FindAsync([request.PersonId], ct) is not { } requester)
            {
                continue;
            }
            request.Status = CompanyStatus.HostWelcome;
            request.ResolvedAt = ended.Now;
            var host = (await Briefings.HostsAsync(db, place.Activity.Id, ct)).FirstOrDefault(h => h.Id != buddy.Id);
            var toRequester = ended.Reach(requester, place.Zone);
            toRequester.Send(toRequester.T(ParticipationTexts.CompanyBuddyCannot, new Dictionary<string, string>
            {
                ["other"] = toRequester.NameOf(buddy),
                ["host"] = host?.FirstName ?? toRequester.T(ParticipationTexts.HostFallback),
            }));
            await Briefings.TellHostsAsync(toRequester, place, occurrence, ParticipationTexts.UpdateWelcome, requester, ct);
        }
    }
}
