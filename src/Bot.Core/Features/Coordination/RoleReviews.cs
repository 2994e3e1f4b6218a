using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>
/// After the upgrade that brought approval in, the volunteers and buddies of before keep their roles, and each
/// community's coordinators get one message listing them, to look through (and /roles to take a role away). Sent at
/// start; each community's list once, also when several instances start together.
/// </summary>
public sealed class RoleReviews(IDbContextFactory<MakkerDb> dbs, ConversationEngine engine, OutboxSignal signal, TimeProvider clock,
    IOptions<BotOptions> options, ILogger<RoleReviews> log)
{
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var due = await db.RoleReviews.Select(r => r.CommunityId).OrderBy(id => id).ToListAsync(ct);
        var sent = 0;
        foreach (var communityId in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Whoever deletes the row sends the list; another instance starting at the same moment finds it gone.
            if (await db.RoleReviews.Where(r => r.CommunityId == communityId).ExecuteDeleteAsync(ct) == 0)
            {
                continue;
            }
            var community = await db.Communities.FindAsync([communityId], ct);
            var members = await (from m in db.CommunityMembers
                                 join p in db.People on m.PersonId equals p.Id
                                 where m.CommunityId == communityId && (m.IsVolunteer || m.WillingBuddy) && p.Consent == ConsentState.Given
                                 orderby p.FirstName, p.Id
                                 select new { Person = p, m.IsVolunteer, m.WillingBuddy }).ToListAsync(ct);
            var now = clock.GetUtcNow();
            var zone = LocalTimes.Zone(community?.TimeZone, options.Value.DefaultTimeZone);
            var contexts = new List<TurnContext>();
            foreach (var coordinator in community is null ? [] : await ActivityDirectory.CoordinatorsAsync(db, communityId, ct))
            {
                var ctx = engine.CreateOutreach(db, coordinator, now, zone);
                string Names(IEnumerable<Person> people) => people.Select(ctx.NameOf).DefaultIfEmpty(ctx.T(CoordinationTexts.ReviewNobody)).Aggregate((a, b) => $"{a}, {b}");
                ctx.Send(ctx.T(CoordinationTexts.Review, new Dictionary<string, string>
                {
                    ["community"] = community!.Name,
                    ["volunteers"] = Names(members.Where(m => m.IsVolunteer).Select(m => m.Person)),
                    ["buddies"] = Names(members.Where(m => m.WillingBuddy).Select(m => m.Person)),
                }));
                contexts.Add(ctx);
            }
            await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
            await tx.CommitAsync(ct);
            sent += contexts.Count;
        }
        if (sent > 0)
        {
            signal.Pulse();
            log.LogInformation("Sent {Messages} coordinator(s) the list of volunteers and buddies to review", sent);
        }
        return sent;
    }
}
