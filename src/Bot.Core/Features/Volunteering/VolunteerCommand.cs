using System.Globalization;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Volunteering;

/// <summary>
/// /volunteer, open to everyone in a community: tap the roles you like, then how often you may be asked; a coordinator
/// of each community says yes before any shift prompt comes (<see cref="RoleRequests"/>). A volunteer sees their
/// choices and can change them, or stop with one tap. The choice so far travels in the buttons themselves (a bit
/// per role), so nothing is stored until the person has finished.
/// </summary>
public sealed class VolunteerCommand(RoleRequests requests) : IChatCommand, IButtonHandler
{
    public const string ButtonPurpose = "volunteer";
    private const string Toggle = "t";
    private const string Done = "d";
    private const string Weekly = "w";
    private const string EveryOtherWeek = "e";
    private const string Monthly = "m";
    private const string Change = "change";
    private const string Stop = "stop";
    private const string Keep = "keep";

    public string Name => "volunteer";
    public bool NeedsConsent => true;
    string IButtonHandler.Purpose => ButtonPurpose;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (await ctx.Db.Volunteers.FindAsync([ctx.Person!.Id], ct) is { } volunteer)
        {
            ctx.SendChoice(Status(ctx, volunteer), ButtonPurpose, Mask(ctx, volunteer.Roles).ToString(CultureInfo.InvariantCulture),
                [(Change, ctx.T(VolunteeringTexts.ButtonChange)), (Stop, ctx.T(VolunteeringTexts.ButtonStop)), (Keep, ctx.T(VolunteeringTexts.ButtonKeep))], out _);
        }
        else if (!await ctx.Db.CommunityMembers.AnyAsync(m => m.PersonId == ctx.Person!.Id, ct))
        {
            // Nobody to ask for a yes yet: they can offer once they take part somewhere.
            ctx.Send(ctx.T(CoordinationTexts.NoCommunity));
        }
        else
        {
            ctx.SendChoice(ctx.T(VolunteeringTexts.Intro), ButtonPurpose, null, RoleChoices(ctx, 0), out _);
        }
        ctx.RepromptCurrent();
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var roles = ShiftMoments.Roles(ctx.Catalog);
        var mask = choice.Length > 1 && long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var m) ? m : 0;
        switch (choice)
        {
            case Change:
                await ctx.RestoreAsync(messageId, ct: ct);
                var current = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var c) ? c : 0;
                ctx.SendChoice(ctx.T(VolunteeringTexts.Intro), ButtonPurpose, null, RoleChoices(ctx, current), out _);
                return;
            case Keep:
                await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonKeep), ct: ct);
                ctx.Send(ctx.T(VolunteeringTexts.Kept));
                return;
            case Stop:
                token.UsedAt = ctx.Now;
                await db.Volunteers.Where(v => v.PersonId == me.Id).ExecuteDeleteAsync(ct);
                // Stopping costs nothing; starting again asks a coordinator again.
                await db.CommunityMembers.Where(x => x.PersonId == me.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsVolunteer, false), ct);
                await db.RoleRequests.Where(r => r.PersonId == me.Id && r.Role == TrustedRoles.Volunteer).ExecuteDeleteAsync(ct);
                await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonStop), ct: ct);
                ctx.Send(ctx.T(VolunteeringTexts.Stopped));
                return;
        }
        switch (choice[..1])
        {
            case Toggle:
                // The message shows the choice so far; its buttons carry the next one.
                await ctx.RestoreAsync(messageId, TurnContext.ChoiceRows(token.Token, RoleChoices(ctx, mask)), ct);
                return;
            case Done:
                await ctx.ShowChosenAsync(messageId, RolesChosen(ctx, roles, mask), ct: ct);
                ctx.SendChoice(ctx.T(VolunteeringTexts.HowOften), ButtonPurpose, null,
                [
                    (Weekly + mask, ctx.T(VolunteeringTexts.ButtonWeekly)),
                    (EveryOtherWeek + mask, ctx.T(VolunteeringTexts.ButtonEveryOtherWeek)),
                    (Monthly + mask, ctx.T(VolunteeringTexts.ButtonMonthly)),
                ], out _);
                return;
            case Weekly or EveryOtherWeek or Monthly:
                token.UsedAt = ctx.Now;
                var frequency = choice[..1] switch
                {
                    Weekly => VolunteerFrequency.Weekly,
                    Monthly => VolunteerFrequency.Monthly,
                    _ => VolunteerFrequency.EveryOtherWeek,
                };
                var volunteer = await db.Volunteers.FindAsync([me.Id], ct);
                if (volunteer is null)
                {
                    volunteer = new Volunteer { PersonId = me.Id, JoinedAt = ctx.Now };
                    db.Volunteers.Add(volunteer);
                }
                volunteer.Roles = string.Join(",", roles.Where((_, i) => (mask & (1L << i)) != 0));
                volunteer.Frequency = frequency;
                var outcome = await requests.RequestAsync(ctx, TrustedRoles.Volunteer, ct);
                await ctx.ShowChosenAsync(messageId, ShiftMoments.FrequencyName(ctx, frequency), ct: ct);
                ctx.Send(ctx.T(outcome == RoleRequestOutcome.Approved ? VolunteeringTexts.Saved : VolunteeringTexts.SavedWaiting, new Dictionary<string, string>
                {
                    ["roles"] = ShiftMoments.RoleList(ctx, volunteer.Roles),
                    ["frequency"] = ShiftMoments.FrequencyName(ctx, frequency),
                }));
                return;
            default:
                await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
                return;
        }
    }

    public static string Status(TurnContext ctx, Volunteer volunteer) =>
        ctx.T(VolunteeringTexts.Status, new Dictionary<string, string>
        {
            ["roles"] = ShiftMoments.RoleList(ctx, volunteer.Roles),
            ["frequency"] = ShiftMoments.FrequencyName(ctx, volunteer.Frequency),
        });

    /// <summary>One button per role (ticked when chosen) that flips it, and Done with the choice so far.</summary>
    private static IReadOnlyList<(string Id, string Label)> RoleChoices(TurnContext ctx, long mask)
    {
        var roles = ShiftMoments.Roles(ctx.Catalog);
        var choices = roles.Select((role, i) =>
        {
            var name = ShiftMoments.RoleName(ctx, role);
            var chosen = (mask & (1L << i)) != 0;
            return (Toggle + (mask ^ (1L << i)), chosen ? ctx.T(VolunteeringTexts.ChosenMark, new Dictionary<string, string> { ["role"] = name }) : name);
        }).ToList();
        choices.Add((Done + mask, ctx.T(VolunteeringTexts.ButtonDone)));
        return choices;
    }

    private static string RolesChosen(TurnContext ctx, IReadOnlyList<string> roles, long mask) =>
        ShiftMoments.RoleList(ctx, string.Join(",", roles.Where((_, i) => (mask & (1L << i)) != 0)));

    private static long Mask(TurnContext ctx, string roles)
    {
        var all = ShiftMoments.Roles(ctx.Catalog);
        var chosen = ShiftMoments.ParseRoles(roles);
        return all.Select((r, i) => chosen.Contains(r) ? 1L << i : 0).Aggregate(0L, (a, b) => a | b);
    }
}
