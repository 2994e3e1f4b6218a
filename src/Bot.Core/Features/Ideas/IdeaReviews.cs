using System.Globalization;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Ideas;

/// <summary>
/// A coordinator's buttons under an idea: Share with everyone, Keep to us (the first answer counts; the proposer hears
/// it kindly), and Make it an activity, which opens the wizard for a new activity with the idea's community chosen and
/// the idea shown.
/// </summary>
public sealed class IdeaReviews(IOptions<BotOptions> options, ILogger<IdeaReviews> log) : IButtonHandler, IActivityCreated
{
    public const string IdeaKey = "idea";
    public const string HostPurpose = "idea-host";
    private const string Yes = "y";
    private const string No = "n";

    public string Purpose => IdeaCommand.ReviewPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var idea = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Ideas.FindAsync([id], ct) : null;
        if (idea is null)
        {
            await ctx.CloseButtonsAsync(messageId, IdeasTexts.Gone, ct);
            return;
        }
        if (!await Coordinators.CoordinatesAsync(db, ctx.Person!.Id, idea.CommunityId, ct))
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.NotCoordinator, ct);
            return;
        }
        switch (choice)
        {
            case IdeaCommand.Share or IdeaCommand.Keep when idea.Status != IdeaStatus.Waiting:
                await ctx.CloseButtonsAsync(messageId, IdeasTexts.AlreadyDecided, ct);
                return;
            case IdeaCommand.Share or IdeaCommand.Keep:
                await DecideAsync(ctx, token, idea, choice == IdeaCommand.Share, messageId, ct);
                return;
            case IdeaCommand.MakeActivity when idea.Status != IdeaStatus.BecameActivity:
                token.UsedAt = ctx.Now;
                token.UsedChoice = choice;
                await ctx.ShowChosenAsync(messageId, ctx.T(IdeasTexts.ButtonMakeActivity), ct: ct);
                await ctx.BeginDialogAsync(DialogIds.NewActivity, new Dictionary<string, string>
                {
                    ["community"] = IdeaCommand.Id(idea.CommunityId),
                    [IdeaKey] = IdeaCommand.Id(idea.Id),
                    ["idea_text"] = idea.Text,
                }, ct);
                return;
            default:
                await ctx.CloseButtonsAsync(messageId, IdeasTexts.AlreadyDecided, ct);
                return;
        }
    }

    private async Task DecideAsync(TurnContext ctx, ButtonToken token, Idea idea, bool share, long? messageId, CancellationToken ct)
    {
        // The token stays live: the message keeps its Make it an activity button.
        await ApplyDecisionAsync(ctx, idea, share, ct);
        var label = ctx.T(share ? IdeasTexts.ButtonShare : IdeasTexts.ButtonKeep);
        await ctx.ShowChosenAsync(messageId, label, TurnContext.ChoiceRows(token.Token, IdeaCommand.Choices(ctx, idea)), ct);
        ctx.Send(ctx.T(share ? IdeasTexts.SharedToCoordinator : IdeasTexts.KeptToCoordinator));
    }

    /// <summary>
    /// Share with everyone or Keep to us from the dashboard, acting as <paramref name="actor"/>: the same decision as the
    /// chat's buttons. False when the idea is not this community's or was decided already (the first answer counts).
    /// </summary>
    public async Task<bool> DecideAsync(TurnContext actor, long communityId, long ideaId, bool share, CancellationToken ct)
    {
        if (await actor.Db.Ideas.FirstOrDefaultAsync(i => i.Id == ideaId && i.CommunityId == communityId, ct) is not { Status: IdeaStatus.Waiting } idea)
        {
            return false;
        }
        await ApplyDecisionAsync(actor, idea, share, ct);
        return true;
    }

    /// <summary>The decision itself: the idea's status, the audit log, and the proposer told kindly.</summary>
    private async Task ApplyDecisionAsync(TurnContext ctx, Idea idea, bool share, CancellationToken ct)
    {
        var db = ctx.Db;
        idea.Status = share ? IdeaStatus.Shared : IdeaStatus.KeptToUs;
        idea.DecidedAt = ctx.Now;
        Audit.Add(db, ctx.Person!.Id, idea.CommunityId, share ? "idea.share" : "idea.keep", $"idea {idea.Id}", ctx.Now);
        log.LogInformation("Idea {IdeaId} {Decision}", idea.Id, share ? "shared" : "kept to the coordinators");
        if (await ProposerAsync(db, idea, ct) is { } proposer)
        {
            var toProposer = ctx.ReachOut(proposer, await ZoneAsync(db, idea.CommunityId, ct));
            toProposer.Send(toProposer.T(share ? IdeasTexts.SharedToProposer : IdeasTexts.KeptToProposer,
                new Dictionary<string, string> { ["idea"] = idea.Text }));
        }
    }

    /// <summary>The proposer while they can be told anything (still here, consenting, reachable).</summary>
    internal static async Task<Person?> ProposerAsync(MakkerDb db, Idea idea, CancellationToken ct) =>
        idea.ProposerPersonId is { } pid && await db.People.FindAsync([pid], ct) is { Consent: ConsentState.Given, Unreachable: false } p ? p : null;

    private async Task<TimeZoneInfo> ZoneAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        LocalTimes.Zone((await db.Communities.FindAsync([communityId], ct))?.TimeZone, options.Value.DefaultTimeZone);

    /// <summary>The wizard made an activity from an idea: the idea is done, and its proposer is asked whether they'd like to help host.</summary>
    public async Task OnActivityCreatedAsync(TurnContext ctx, Activity activity, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var db = ctx.Db;
        if (!long.TryParse(data.GetValueOrDefault(IdeaKey), CultureInfo.InvariantCulture, out var id)
            || await db.Ideas.FindAsync([id], ct) is not { } idea || idea.CommunityId != activity.CommunityId || idea.Status == IdeaStatus.BecameActivity)
        {
            return;
        }
        idea.Status = IdeaStatus.BecameActivity;
        idea.BecameActivityId = activity.Id;
        idea.BecameActivityAt = ctx.Now;
        log.LogInformation("Idea {IdeaId} became activity {ActivityId}", idea.Id, activity.Id);
        if (await ProposerAsync(db, idea, ct) is not { } proposer)
        {
            return;
        }
        var toProposer = proposer.Id == ctx.Person!.Id ? ctx : ctx.ReachOut(proposer, await ZoneAsync(db, idea.CommunityId, ct));
        toProposer.SendChoice(toProposer.T(IdeasTexts.HostQuestion, new Dictionary<string, string> { ["idea"] = idea.Text, ["activity"] = activity.Name }),
            HostPurpose, IdeaCommand.Id(activity.Id),
            [(Yes, toProposer.T(IdeasTexts.ButtonHostYes)), (No, toProposer.T(IdeasTexts.ButtonHostNo))], out _);
    }

    /// <summary>The proposer's answer to "Would you like to help host it?". Yes joins them and tells the coordinators, who appoint hosts.</summary>
    public sealed class HostButtons(IOptions<BotOptions> options) : IButtonHandler
    {
        public string Purpose => HostPurpose;

        public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
        {
            var db = ctx.Db;
            var activity = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Activities.FindAsync([id], ct) : null;
            if (activity is null)
            {
                await ctx.CloseButtonsAsync(messageId, IdeasTexts.Gone, ct);
                return;
            }
            token.UsedAt = ctx.Now;
            token.UsedChoice = choice;
            var yes = choice == Yes;
            await ctx.ShowChosenAsync(messageId, ctx.T(yes ? IdeasTexts.ButtonHostYes : IdeasTexts.ButtonHostNo), ct: ct);
            if (!yes)
            {
                ctx.Send(ctx.T(IdeasTexts.HostNo));
                return;
            }
            var me = ctx.Person!;
            if (await db.ActivityMembers.FindAsync([activity.Id, me.Id], ct) is null)
            {
                db.ActivityMembers.Add(new ActivityMember { ActivityId = activity.Id, PersonId = me.Id, JoinedAt = ctx.Now });
            }
            ctx.Send(ctx.T(IdeasTexts.HostYes));
            var community = (await db.Communities.FindAsync([activity.CommunityId], ct))!;
            var zone = LocalTimes.Zone(community.TimeZone, options.Value.DefaultTimeZone);
            foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, community.Id, ct))
            {
                var toCoordinator = coordinator.Id == me.Id ? ctx : ctx.ReachOut(coordinator, zone);
                toCoordinator.Send(toCoordinator.T(IdeasTexts.HostYesToCoordinator, new Dictionary<string, string>
                {
                    ["name"] = toCoordinator.NameOf(me),
                    ["activity"] = activity.Name,
                }));
            }
        }
    }
}
