using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>What asking for a trusted role came to.</summary>
public enum RoleRequestOutcome
{
    /// <summary>Not in any community yet: there is nobody to ask.</summary>
    NoCommunity,
    /// <summary>The coordinators were asked (now, or earlier and they have not answered yet).</summary>
    Waiting,
    /// <summary>They have the role already in every community they are in.</summary>
    Approved,
}

/// <summary>
/// /volunteer and /buddy ask for a role that lets someone meet participants alone, so a coordinator says yes first:
/// each community the person is in gets a request, and its coordinators get it with Approve / Not now (and see it on
/// the dashboard). A coordinator asking in their own community is trusted already.
/// </summary>
public sealed class RoleRequests(RoleChanges changes, IOptions<BotOptions> options) : IButtonHandler
{
    public string Purpose => RoleChanges.RequestPurpose;

    public async Task<RoleRequestOutcome> RequestAsync(TurnContext ctx, string role, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var memberships = await db.CommunityMembers.Where(m => m.PersonId == me.Id).OrderBy(m => m.CommunityId).ToListAsync(ct);
        if (memberships.Count == 0)
        {
            return RoleRequestOutcome.NoCommunity;
        }
        var outcome = RoleRequestOutcome.Approved;
        foreach (var membership in memberships)
        {
            if (role == RoleNames.Buddy ? membership.WillingBuddy : membership.IsVolunteer)
            {
                continue;
            }
            if (membership.IsCoordinator)
            {
                await changes.GrantAsync(db, membership, role, ctx.Now, ct);
                ctx.RolesChanged(me);
                continue;
            }
            outcome = RoleRequestOutcome.Waiting;
            if (await db.RoleRequests.FindAsync([membership.CommunityId, me.Id, role], ct) is not null)
            {
                continue;
            }
            db.RoleRequests.Add(new RoleRequest { CommunityId = membership.CommunityId, PersonId = me.Id, Role = role, RequestedAt = ctx.Now });
            Audit.Add(db, me.Id, membership.CommunityId, "role.request", $"{role}: person {me.Id}", ctx.Now);
            var community = (await db.Communities.FindAsync([membership.CommunityId], ct))!;
            var zone = LocalTimes.Zone(community.TimeZone, options.Value.DefaultTimeZone);
            foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, community.Id, ct))
            {
                var toCoordinator = ctx.ReachOut(coordinator, zone);
                toCoordinator.SendChoice(toCoordinator.T(CoordinationTexts.RequestToCoordinator, new Dictionary<string, string>
                {
                    ["name"] = toCoordinator.NameOf(me),
                    ["what"] = toCoordinator.T(role == RoleNames.Buddy ? CoordinationTexts.WhatBuddy : CoordinationTexts.WhatVolunteer),
                    ["community"] = community.Name,
                }), Purpose, RoleChanges.RequestArgs(community.Id, me.Id, role),
                [(RoleChanges.Approve, toCoordinator.T(CoordinationTexts.ButtonApprove)), (RoleChanges.NotNow, toCoordinator.T(CoordinationTexts.ButtonNotNow))], out _);
            }
        }
        return outcome;
    }

    /// <summary>A coordinator presses Approve or Not now; only while they coordinate that community and nobody answered yet.</summary>
    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        if (!RoleChanges.TryParseRequestArgs(token.Args, out var communityId, out var personId, out var role)
            || !await Coordinators.CoordinatesAsync(db, ctx.Person!.Id, communityId, ct))
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.NotCoordinator, ct);
            return;
        }
        var person = await db.People.FindAsync([personId], ct);
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        var approve = choice == RoleChanges.Approve;
        if (person is null || !await changes.DecideAsync(db, ctx.Person!, communityId, person, role, approve, ctx.Now, (p, zone) => ctx.ReachOut(p, zone), ct))
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.RequestGone, ct);
            return;
        }
        await ctx.ShowChosenAsync(messageId, ctx.T(approve ? CoordinationTexts.ButtonApprove : CoordinationTexts.ButtonNotNow), ct: ct);
        ctx.Send(ctx.T(approve ? CoordinationTexts.ApprovedToCoordinator : CoordinationTexts.NotNowToCoordinator,
            new Dictionary<string, string> { ["name"] = ctx.NameOf(person) }));
    }
}

/// <summary>The roles someone asked for and has no answer to yet, and the changes they made as a coordinator, for /mydata.</summary>
public sealed class RolesMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var waiting = await (from r in ctx.Db.RoleRequests
                             join c in ctx.Db.Communities on r.CommunityId equals c.Id
                             where r.PersonId == person.Id
                             orderby c.Name, r.Role
                             select new { r.Role, c.Name }).ToListAsync(ct);
        var lines = waiting.Select(w => ctx.T(CoordinationTexts.MyDataWaiting, new Dictionary<string, string>
        {
            ["role"] = ctx.T(CoordinationTexts.RoleIn, new Dictionary<string, string> { ["role"] = RoleChanges.RoleName(ctx, w.Role), ["community"] = w.Name }),
        })).ToList();
        // The audit log names who made each change until retention makes it anonymous.
        var changes = await ctx.Db.AuditLog.CountAsync(a => a.PersonId == person.Id, ct);
        if (changes > 0)
        {
            lines.Add(ctx.T(CoordinationTexts.MyDataAudit, new Dictionary<string, string> { ["count"] = changes.ToString(ctx.Culture) }));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}
