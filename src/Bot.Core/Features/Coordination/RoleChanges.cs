using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>The roles a coordinator can give and take away, as the audit log and the dashboard name them.</summary>
public static class RoleNames
{
    public const string Volunteer = TrustedRoles.Volunteer;
    public const string Buddy = TrustedRoles.Buddy;
    public const string Host = "host";
    public const string Coordinator = "coordinator";

    public static bool IsKnown(string role) => role is Volunteer or Buddy or Host or Coordinator;
}

/// <summary>
/// A role taken away from someone: a volunteer or buddy role, or the coordinator role, in a community; or the host role
/// of one activity (<see cref="ActivityId"/>). <see cref="Reach"/> writes to anyone concerned in the same transaction (a
/// turn's ReachOut, or the dashboard's outreach).
/// </summary>
public sealed record RoleEnded(string Role, long CommunityId, long? ActivityId, Person Person, DateTimeOffset Now, TimeZoneInfo Zone,
    Func<Person, TimeZoneInfo?, TurnContext> Reach);

/// <summary>
/// A feature's part of taking a role away: what the person was asked or given because of the role ends with it (their
/// open shift prompts and company requests lose their buttons, their shifts go back). Runs in the same transaction.
/// </summary>
public interface IRoleEnd
{
    Task OnRoleEndedAsync(MakkerDb db, RoleEnded ended, CancellationToken ct);
}

/// <summary>A feature's part of granting a trusted role: what a newly approved person may now be asked, they are asked.</summary>
public interface IRoleGranted
{
    Task OnRoleGrantedAsync(MakkerDb db, long communityId, string role, DateTimeOffset now, CancellationToken ct);
}

/// <summary>A role someone has or asked for, in one community (or one activity, for a host), for /roles and the dashboard.</summary>
public sealed record HeldRole(long PersonId, string Role, long CommunityId, string CommunityName, long? ActivityId, string? ActivityName, bool Waiting);

/// <summary>
/// Granting and taking away roles, the same from the chat (/roles, the Approve / Not now buttons) and from the
/// dashboard: every change is audited, the person hears it kindly, and their command menu follows.
/// </summary>
public sealed class RoleChanges(IEnumerable<IRoleEnd> ends, IEnumerable<IRoleGranted> grants, IOptions<BotOptions> options)
{
    public const string RequestPurpose = "role_request";
    public const string Approve = "yes";
    public const string NotNow = "no";

    /// <summary>The args of a request's buttons: community, person and role.</summary>
    public static string RequestArgs(long communityId, long personId, string role) =>
        string.Create(CultureInfo.InvariantCulture, $"{communityId}:{personId}:{role}");

    public static bool TryParseRequestArgs(string? args, out long communityId, out long personId, out string role)
    {
        var parts = args?.Split(':') ?? [];
        role = parts.Length == 3 ? parts[2] : "";
        communityId = 0;
        personId = 0;
        return parts.Length == 3 && TrustedRoles.All.Contains(role)
            && long.TryParse(parts[0], CultureInfo.InvariantCulture, out communityId) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out personId);
    }

    /// <summary>How a role reads in a list or on a button, in the reader's language.</summary>
    public static string RoleName(TurnContext ctx, string role, string? activity = null) => ctx.T(role switch
    {
        RoleNames.Volunteer => CoordinationTexts.RoleVolunteer,
        RoleNames.Buddy => CoordinationTexts.RoleBuddy,
        RoleNames.Host => CoordinationTexts.RoleHost,
        _ => CoordinationTexts.RoleCoordinator,
    }, new Dictionary<string, string> { ["activity"] = activity ?? "" });

    /// <summary>Everyone's roles and waiting requests in the communities <paramref name="actorId"/> coordinates, person by person.</summary>
    public static async Task<List<HeldRole>> RolesInAsync(MakkerDb db, long actorId, long? onlyCommunityId, CancellationToken ct)
    {
        var communities = await db.Communities.Where(c => Coordinators.CommunitiesOf(db, actorId).Contains(c.Id) && (onlyCommunityId == null || c.Id == onlyCommunityId))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var ids = communities.Keys.ToList();
        var held = new List<HeldRole>();
        foreach (var m in await db.CommunityMembers.Where(m => ids.Contains(m.CommunityId) && (m.IsCoordinator || m.IsVolunteer || m.WillingBuddy)).ToListAsync(ct))
        {
            var name = communities[m.CommunityId];
            if (m.IsCoordinator)
            {
                held.Add(new HeldRole(m.PersonId, RoleNames.Coordinator, m.CommunityId, name, null, null, false));
            }
            if (m.IsVolunteer)
            {
                held.Add(new HeldRole(m.PersonId, RoleNames.Volunteer, m.CommunityId, name, null, null, false));
            }
            if (m.WillingBuddy)
            {
                held.Add(new HeldRole(m.PersonId, RoleNames.Buddy, m.CommunityId, name, null, null, false));
            }
        }
        var hosts = await (from m in db.ActivityMembers
                           join a in db.Activities on m.ActivityId equals a.Id
                           where m.IsHost && ids.Contains(a.CommunityId)
                           select new { m.PersonId, a.CommunityId, ActivityId = a.Id, a.Name }).ToListAsync(ct);
        held.AddRange(hosts.Select(h => new HeldRole(h.PersonId, RoleNames.Host, h.CommunityId, communities[h.CommunityId], h.ActivityId, h.Name, false)));
        var waiting = await db.RoleRequests.Where(r => ids.Contains(r.CommunityId)).ToListAsync(ct);
        held.AddRange(waiting.Select(r => new HeldRole(r.PersonId, r.Role, r.CommunityId, communities[r.CommunityId], null, null, true)));
        return held.OrderBy(h => h.PersonId).ThenBy(h => h.Waiting ? 0 : 1).ThenBy(h => h.CommunityName, StringComparer.Ordinal).ThenBy(h => h.Role, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A coordinator's answer to a request: yes gives the role in that community, "not now" gives nothing; either way the
    /// person hears it warmly, the request is gone, and the other coordinators' buttons for it go quiet. False when
    /// there was no such request (answered already, or the person left).
    /// </summary>
    /// <summary>The audit log's action for an approved request; its detail is <see cref="AuditDetailPrefix"/> and the person's id.</summary>
    public const string ApprovedAction = "role.approve";

    /// <summary>"volunteer: person ": how a decision names the role and the person in the audit log (the numbers read it back).</summary>
    public static string AuditDetailPrefix(string role) => role + ": person ";

    public async Task<bool> DecideAsync(MakkerDb db, Person actor, long communityId, Person person, string role, bool approve, DateTimeOffset now,
        Func<Person, TimeZoneInfo?, TurnContext> reach, CancellationToken ct)
    {
        var request = await db.RoleRequests.FindAsync([communityId, person.Id, role], ct);
        var membership = await db.CommunityMembers.FindAsync([communityId, person.Id], ct);
        var community = await db.Communities.FindAsync([communityId], ct);
        if (request is null || community is null)
        {
            return false;
        }
        db.RoleRequests.Remove(request);
        if (membership is null)
        {
            // They left the community meanwhile: nothing to grant, and nothing to tell.
            return false;
        }
        if (approve)
        {
            await GrantAsync(db, membership, role, now, ct);
        }
        Audit.Add(db, actor.Id, communityId, approve ? ApprovedAction : "role.not_now", AuditDetailPrefix(role) + person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), now);
        var zone = Zone(community);
        var toPerson = reach(person, zone);
        toPerson.Send(toPerson.T(approve ? (role == RoleNames.Buddy ? CoordinationTexts.ApprovedBuddy : CoordinationTexts.ApprovedVolunteer) : CoordinationTexts.NotNow,
            new Dictionary<string, string> { ["community"] = community.Name }));
        toPerson.RolesChanged(person);
        await QuietRequestButtonsAsync(db, actor, communityId, person, role, zone, now, reach, ct);
        return true;
    }

    /// <summary>Gives a role a request asked for (also when a coordinator asks for one in their own community).</summary>
    public async Task GrantAsync(MakkerDb db, CommunityMember membership, string role, DateTimeOffset now, CancellationToken ct)
    {
        Grant(membership, role);
        foreach (var grant in grants)
        {
            await grant.OnRoleGrantedAsync(db, membership.CommunityId, role, now, ct);
        }
    }

    private static void Grant(CommunityMember membership, string role)
    {
        if (role == RoleNames.Buddy)
        {
            membership.WillingBuddy = true;
        }
        else
        {
            membership.IsVolunteer = true;
        }
    }

    /// <summary>
    /// Takes a role away: the person hears it kindly, what they were asked because of it closes (each feature's
    /// <see cref="IRoleEnd"/>), a coordinator's dashboard sessions end at once, and it is audited. Null when done; otherwise
    /// the text key of why not (they do not have it; the last coordinator stays).
    /// </summary>
    public async Task<string?> TakeAwayAsync(MakkerDb db, Person actor, string role, long communityId, long? activityId, Person person, DateTimeOffset now,
        Func<Person, TimeZoneInfo?, TurnContext> reach, CancellationToken ct)
    {
        var community = await db.Communities.FindAsync([communityId], ct);
        var membership = await db.CommunityMembers.FindAsync([communityId, person.Id], ct);
        if (community is null)
        {
            return CoordinationTexts.RoleNotHeld;
        }
        string? activityName = null;
        switch (role)
        {
            case RoleNames.Volunteer when membership is { IsVolunteer: true }:
                membership.IsVolunteer = false;
                break;
            case RoleNames.Buddy when membership is { WillingBuddy: true }:
                membership.WillingBuddy = false;
                break;
            case RoleNames.Coordinator when membership is { IsCoordinator: true }:
                if (!await db.CommunityMembers.AnyAsync(m => m.CommunityId == communityId && m.IsCoordinator && m.PersonId != person.Id, ct))
                {
                    return CoordinationTexts.LastCoordinator;
                }
                membership.IsCoordinator = false;
                // Their dashboard sessions end with the next request they make (see the dashboard's session check).
                person.SessionStamp++;
                break;
            case RoleNames.Host when activityId is { } id
                && await db.Activities.FirstOrDefaultAsync(a => a.Id == id && a.CommunityId == communityId, ct) is { } activity
                && await db.ActivityMembers.FindAsync([id, person.Id], ct) is { IsHost: true } host:
                host.IsHost = false;
                activityName = activity.Name;
                break;
            default:
                return CoordinationTexts.RoleNotHeld;
        }
        await db.RoleRequests.Where(r => r.CommunityId == communityId && r.PersonId == person.Id && r.Role == role).ExecuteDeleteAsync(ct);
        Audit.Add(db, actor.Id, communityId, "role.remove", $"{role}: person {person.Id}{(activityId is { } a ? $", activity {a}" : "")}", now);
        var zone = Zone(community);
        var toPerson = reach(person, zone);
        toPerson.Send(toPerson.T(role switch
        {
            RoleNames.Volunteer => CoordinationTexts.TakenVolunteer,
            RoleNames.Buddy => CoordinationTexts.TakenBuddy,
            RoleNames.Host => CoordinationTexts.TakenHost,
            _ => CoordinationTexts.TakenCoordinator,
        }, new Dictionary<string, string> { ["community"] = community.Name, ["activity"] = activityName ?? "" }));
        toPerson.RolesChanged(person);
        if (role == RoleNames.Coordinator)
        {
            // The requests they were asked to answer wait for the other coordinators now.
            await CloseAsync(toPerson, await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == RequestPurpose && t.UsedAt == null
                && t.Args!.StartsWith(communityId.ToString(CultureInfo.InvariantCulture) + ":")).ToListAsync(ct), now, ct);
        }
        var ended = new RoleEnded(role, communityId, activityId, person, now, zone, reach);
        foreach (var end in ends)
        {
            await end.OnRoleEndedAsync(db, ended, ct);
        }
        return null;
    }

    /// <summary>The person's buttons that a role put there lose them, and can no longer be pressed.</summary>
    public static async Task CloseAsync(TurnContext toPerson, IEnumerable<ButtonToken> tokens, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var token in tokens)
        {
            token.UsedAt = now;
            await toPerson.RestoreAsync(token.MessageId, ct: ct);
        }
    }

    /// <summary>Every coordinator's buttons for this request go quiet; the others hear who answered.</summary>
    private static async Task QuietRequestButtonsAsync(MakkerDb db, Person actor, long communityId, Person person, string role, TimeZoneInfo zone,
        DateTimeOffset now, Func<Person, TimeZoneInfo?, TurnContext> reach, CancellationToken ct)
    {
        var args = RequestArgs(communityId, person.Id, role);
        foreach (var token in await db.ButtonTokens.Where(t => t.Purpose == RequestPurpose && t.Args == args && t.UsedAt == null).ToListAsync(ct))
        {
            var other = token.PersonId == actor.Id ? actor : await db.People.FindAsync([token.PersonId], ct);
            if (other is null)
            {
                continue;
            }
            var toOther = reach(other, zone);
            await CloseAsync(toOther, [token], now, ct);
            if (other != actor)
            {
                toOther.Send(toOther.T(CoordinationTexts.AnsweredByOther, new Dictionary<string, string>
                {
                    ["coordinator"] = toOther.NameOf(actor),
                    ["name"] = toOther.NameOf(person),
                }));
            }
        }
    }

    private TimeZoneInfo Zone(Community community) => LocalTimes.Zone(community.TimeZone, options.Value.DefaultTimeZone);
}
