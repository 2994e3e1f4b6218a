using System.Globalization;
using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Coordination;

/// <summary>
/// /roles: a coordinator sees who has a role or waits for an answer in their communities, answers a request, or takes a
/// role away (after one confirming tap). The dashboard's "Roller" page does the same.
/// </summary>
public sealed class RolesCommand(RoleChanges changes) : IChatCommand, IButtonHandler
{
    public const string ButtonPurpose = "roles";
    private const char Person = 'p';
    private const char Approve = 'a';
    private const char NotNow = 'n';
    private const char Remove = 'r';
    private const char Confirmed = 'x';
    private const string Keep = "k";

    public string Name => "roles";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 81;
    public bool NeedsConsent => true;
    string IButtonHandler.Purpose => ButtonPurpose;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!await Coordinators.CommunitiesOf(ctx.Db, ctx.Person!.Id).AnyAsync(ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        var held = await RoleChanges.RolesInAsync(ctx.Db, ctx.Person!.Id, null, ct);
        if (held.Count == 0)
        {
            ctx.Send(ctx.T(CoordinationTexts.RolesNobody));
            ctx.RepromptCurrent();
            return;
        }
        var ids = held.Select(h => h.PersonId).Distinct().ToList();
        var people = await ctx.Db.People.Where(p => ids.Contains(p.Id)).OrderBy(p => p.FirstName).ThenBy(p => p.Id).ToListAsync(ct);
        ctx.SendChoice(ctx.T(CoordinationTexts.RolesChoosePerson), ButtonPurpose, null,
            people.Select(p => (Person + Id(p.Id), $"{ctx.NameOf(p)}: {string.Join(", ", held.Where(h => h.PersonId == p.Id).Select(h => Label(ctx, h)).Distinct())}")).ToList(), out _);
        ctx.RepromptCurrent();
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        if (choice == Keep)
        {
            await ctx.ShowChosenAsync(messageId, ctx.T(CoordinationTexts.ButtonKeepRole), ct: ct);
            ctx.Send(ctx.T(CoordinationTexts.RoleKept));
            return;
        }
        var personId = choice[0] == Person ? ParseId(choice[1..]) : ParseId(token.Args);
        var person = personId is { } pid ? await db.People.FindAsync([pid], ct) : null;
        var held = person is null ? [] : (await RoleChanges.RolesInAsync(db, me.Id, null, ct)).Where(h => h.PersonId == person.Id).ToList();
        if (person is null || held.Count == 0)
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.RoleNotHeld, ct);
            return;
        }
        if (choice[0] == Person)
        {
            await ctx.ShowChosenAsync(messageId, ctx.NameOf(person), ct: ct);
            ShowPerson(ctx, person, held);
            return;
        }
        // The role this choice is about, as /roles showed it, and only while it is still there and theirs to change.
        var about = held.FirstOrDefault(h => ChoiceOf(h) == choice[1..] && h.Waiting == (choice[0] is Approve or NotNow));
        if (about is null)
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.RoleNotHeld, ct);
            return;
        }
        var values = new Dictionary<string, string> { ["name"] = ctx.NameOf(person), ["role"] = Label(ctx, about) };
        switch (choice[0])
        {
            case Approve or NotNow when about.Waiting:
                var approve = choice[0] == Approve;
                await ctx.ShowChosenAsync(messageId, ctx.T(approve ? CoordinationTexts.ButtonApprove : CoordinationTexts.ButtonNotNow), ct: ct);
                await changes.DecideAsync(db, me, about.CommunityId, person, about.Role, approve, ctx.Now, (p, zone) => ctx.ReachOut(p, zone), ct);
                ctx.Send(ctx.T(approve ? CoordinationTexts.ApprovedToCoordinator : CoordinationTexts.NotNowToCoordinator, values));
                return;
            case Remove when !about.Waiting:
                await ctx.ShowChosenAsync(messageId, ctx.T(CoordinationTexts.ButtonTakeAway, values), ct: ct);
                ctx.SendChoice(ctx.T(CoordinationTexts.ConfirmTakeAway, values), ButtonPurpose, Id(person.Id),
                    [(Confirmed + ChoiceOf(about), ctx.T(CoordinationTexts.ButtonTakeAwayYes)), (Keep, ctx.T(CoordinationTexts.ButtonKeepRole))], out _);
                return;
            case Confirmed when !about.Waiting:
                var refused = await changes.TakeAwayAsync(db, me, about.Role, about.CommunityId, about.ActivityId, person, ctx.Now, (p, zone) => ctx.ReachOut(p, zone), ct);
                await ctx.ShowChosenAsync(messageId, ctx.T(CoordinationTexts.ButtonTakeAwayYes), ct: ct);
                ctx.Send(ctx.T(refused ?? CoordinationTexts.TakenDone, new Dictionary<string, string>(values) { ["community"] = about.CommunityName }));
                return;
            default:
                await ctx.CloseButtonsAsync(messageId, CoordinationTexts.RoleNotHeld, ct);
                return;
        }
    }

    /// <summary>One person's roles and requests, each with what a coordinator can do about it.</summary>
    private static void ShowPerson(TurnContext ctx, Person person, List<HeldRole> held)
    {
        var lines = held.Select(h => ctx.T(h.Waiting ? CoordinationTexts.RolesLineWaiting : CoordinationTexts.RolesLine,
            new Dictionary<string, string> { ["role"] = Label(ctx, h) }));
        var choices = new List<(string, string)>();
        foreach (var h in held)
        {
            var values = new Dictionary<string, string> { ["role"] = Label(ctx, h) };
            if (h.Waiting)
            {
                choices.Add((Approve + ChoiceOf(h), ctx.T(CoordinationTexts.ButtonApproveOne, values)));
                choices.Add((NotNow + ChoiceOf(h), ctx.T(CoordinationTexts.ButtonNotNowOne, values)));
            }
            else
            {
                choices.Add((Remove + ChoiceOf(h), ctx.T(CoordinationTexts.ButtonTakeAway, values)));
            }
        }
        ctx.SendChoice(ctx.T(CoordinationTexts.RolesPerson, new Dictionary<string, string> { ["name"] = ctx.NameOf(person), ["lines"] = string.Join("\n", lines) }),
            ButtonPurpose, Id(person.Id), choices, out _);
    }

    /// <summary>"volunteer in Fællesskabet", "host of Torsdagsmiddag".</summary>
    private static string Label(TurnContext ctx, HeldRole h) => h.Role == RoleNames.Host
        ? RoleChanges.RoleName(ctx, h.Role, h.ActivityName)
        : ctx.T(CoordinationTexts.RoleIn, new Dictionary<string, string> { ["role"] = RoleChanges.RoleName(ctx, h.Role), ["community"] = h.CommunityName });

    /// <summary>
    /// What a button carries to name the role: a letter for the role and the community's id, or the activity's for a host
    /// (a payload's choice is short and has no ':').
    /// </summary>
    private static string ChoiceOf(HeldRole h) => h.Role switch
    {
        RoleNames.Host => "h" + Id(h.ActivityId!.Value),
        RoleNames.Volunteer => "v" + Id(h.CommunityId),
        RoleNames.Buddy => "b" + Id(h.CommunityId),
        _ => "k" + Id(h.CommunityId),
    };

    private static long? ParseId(string? text) => long.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
