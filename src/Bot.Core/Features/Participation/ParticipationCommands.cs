using System.Globalization;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>/leave: choose an activity to leave; leaving is one tap and always welcome back.</summary>
public sealed class LeaveCommand(ActivityDirectory directory, Company company) : IChatCommand, IButtonHandler
{
    private const string Stay = "stay";

    public string Name => "leave";
    public bool NeedsConsent => true;
    public string Purpose => "leave";

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var mine = await (from m in ctx.Db.ActivityMembers
                          join a in ctx.Db.Activities on m.ActivityId equals a.Id
                          where m.PersonId == ctx.Person!.Id
                          orderby a.Name
                          select a).ToListAsync(ct);
        if (mine.Count == 0)
        {
            ctx.Send(ctx.T(ParticipationTexts.LeaveNone));
            ctx.RepromptCurrent();
            return;
        }
        var choices = mine.Select(a => ("a" + a.Id.ToString(CultureInfo.InvariantCulture), a.Name)).Append((Stay, ctx.T(ParticipationTexts.ButtonStay))).ToList();
        ctx.SendChoice(ctx.T(ParticipationTexts.LeaveChoose), Purpose, null, choices, out _);
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        if (choice == Stay || !long.TryParse(choice.AsSpan(1), CultureInfo.InvariantCulture, out var activityId))
        {
            await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonStay), ct: ct);
            ctx.Send(ctx.T(ParticipationTexts.LeaveKept));
            return;
        }
        var me = ctx.Person!;
        var membership = await ctx.Db.ActivityMembers.FindAsync([activityId, me.Id], ct);
        var activity = await ctx.Db.Activities.FindAsync([activityId], ct);
        if (membership is null || activity is null)
        {
            await ctx.RestoreAsync(messageId, ct: ct);
            ctx.Send(ctx.T(ParticipationTexts.LeaveNone));
            return;
        }
        ctx.Db.ActivityMembers.Remove(membership);
        if (membership.IsHost)
        {
            ctx.RolesChanged(me);
        }
        // Answers for times still to come go too; nothing of the past is kept as a mark against anyone.
        var now = ctx.Now;
        var upcoming = ctx.Db.Occurrences.Where(o => o.ActivityId == activityId && o.StartsAt > now).Select(o => o.Id);
        await ctx.Db.Rsvps.Where(r => r.PersonId == me.Id && upcoming.Contains(r.OccurrenceId)).ExecuteDeleteAsync(ct);
        // Company asked for: a buddy who said yes is told, prompts still open go quiet.
        var withCompany = await ctx.Db.Occurrences.Where(o => upcoming.Contains(o.Id)
            && ctx.Db.CompanyRequests.Any(r => r.OccurrenceId == o.Id && r.PersonId == me.Id && r.Status != CompanyStatus.Withdrawn)).ToListAsync(ct);
        if (withCompany.Count > 0 && await directory.FindAsync(ctx.Db, activityId, ct) is { } place)
        {
            foreach (var occurrence in withCompany)
            {
                await company.WithdrawAsync(ctx, place, occurrence, stillComing: false, ct);
            }
        }
        await ctx.ShowChosenAsync(messageId, activity.Name, ct: ct);
        ctx.Send(ctx.T(ParticipationTexts.LeaveDone, new Dictionary<string, string> { ["activity"] = activity.Name }));
    }
}

/// <summary>/today: a host's overview of the next time they host, whenever they ask.</summary>
public sealed class TodayCommand(ActivityDirectory directory, IEnumerable<IBriefingSection> sections) : IChatCommand
{
    public string Name => "today";
    public CommandAudience Audience => CommandAudience.Host;
    public int? MenuOrder => 70;
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var now = ctx.Now;
        var hosted = ctx.Db.ActivityMembers.Where(m => m.PersonId == ctx.Person!.Id && m.IsHost).Select(m => m.ActivityId);
        var next = await ctx.Db.Occurrences.Where(o => hosted.Contains(o.ActivityId) && o.CancelledAt == null && o.EndsAt > now)
            .OrderBy(o => o.StartsAt).FirstOrDefaultAsync(ct);
        if (next is null || await directory.FindAsync(ctx.Db, next.ActivityId, ct) is not { } place)
        {
            ctx.Send(ctx.T(ParticipationTexts.TodayNone));
        }
        else
        {
            // The overview comes with the one thing a host may need to do with it: call this time off.
            ctx.SendChoice(await Briefings.ComposeAsync(ctx, place, next, sections, ct), CancelOccurrenceButtons.PromptPurpose,
                next.Id.ToString(CultureInfo.InvariantCulture), [(CancelOccurrenceButtons.Ask, ctx.T(ParticipationTexts.ButtonCancelOccurrence))], out _);
        }
        ctx.RepromptCurrent();
    }
}

/// <summary>
/// /buddy: someone offers to keep participants company on the way. A coordinator of each of their communities says yes
/// first (<see cref="RoleRequests"/>); an approved buddy can stop with one tap, and starting again asks again.
/// </summary>
public sealed class BuddyCommand(RoleRequests requests) : IChatCommand, IButtonHandler
{
    private const string Yes = "yes";
    private const string No = "no";
    private const string Stop = "stop";
    private const string Keep = "keep";

    public string Name => "buddy";
    public bool NeedsConsent => true;
    public string Purpose => "buddy";

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var me = ctx.Person!.Id;
        var memberships = await ctx.Db.CommunityMembers.Where(m => m.PersonId == me).ToListAsync(ct);
        if (memberships.Count == 0)
        {
            ctx.Send(ctx.T(CoordinationTexts.NoCommunity));
        }
        else if (memberships.Any(m => m.WillingBuddy))
        {
            ctx.SendChoice(ctx.T(ParticipationTexts.BuddyStatus), Purpose, null,
                [(Stop, ctx.T(ParticipationTexts.ButtonBuddyStop)), (Keep, ctx.T(ParticipationTexts.ButtonBuddyKeep))], out _);
        }
        else if (await ctx.Db.RoleRequests.AnyAsync(r => r.PersonId == me && r.Role == TrustedRoles.Buddy, ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.Requested));
        }
        else
        {
            ctx.SendChoice(ctx.T(ParticipationTexts.BuddyAsk), Purpose, null,
                [(Yes, ctx.T(ParticipationTexts.ButtonBuddyYes)), (No, ctx.T(ParticipationTexts.ButtonBuddyNo))], out _);
        }
        ctx.RepromptCurrent();
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        var me = ctx.Person!.Id;
        switch (choice)
        {
            case Yes:
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonBuddyYes), ct: ct);
                ctx.Send(ctx.T(await requests.RequestAsync(ctx, TrustedRoles.Buddy, ct) switch
                {
                    RoleRequestOutcome.NoCommunity => CoordinationTexts.NoCommunity,
                    RoleRequestOutcome.Approved => ParticipationTexts.BuddyOn,
                    _ => CoordinationTexts.Requested,
                }));
                return;
            case Stop:
                // Stopping costs nothing; starting again asks a coordinator again.
                await ctx.Db.CommunityMembers.Where(m => m.PersonId == me).ExecuteUpdateAsync(s => s.SetProperty(m => m.WillingBuddy, false), ct);
                await ctx.Db.RoleRequests.Where(r => r.PersonId == me && r.Role == TrustedRoles.Buddy).ExecuteDeleteAsync(ct);
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonBuddyStop), ct: ct);
                ctx.Send(ctx.T(ParticipationTexts.BuddyOff));
                return;
            case Keep:
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonBuddyKeep), ct: ct);
                ctx.Send(ctx.T(ParticipationTexts.BuddyKept));
                return;
            default:
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonBuddyNo), ct: ct);
                ctx.Send(ctx.T(ParticipationTexts.BuddyOff));
                return;
        }
    }
}
