using System.Globalization;
using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Ideas;

/// <summary>
/// /idea, and the check-in's "Anything you'd like to do with us?": a person writes an idea in a sentence. It goes to
/// the coordinators of their community first, with Share with everyone / Keep to us; nobody else sees it before that.
/// </summary>
public sealed class IdeaCommand(IOptions<BotOptions> options, ILogger<IdeaCommand> log) : IChatCommand, IDialogActionSource
{
    public const string DialogId = DialogIds.Idea;
    public const string ReviewPurpose = "idea-review";
    public const string Share = "s";
    public const string Keep = "k";
    public const string MakeActivity = "a";
    private const string TextKey = "idea";

    public string Name => "idea";
    public bool NeedsConsent => true;

    public IEnumerable<DialogAction> Actions => [new("ideas.save", SaveAsync)];

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (await CommunityOfAsync(ctx.Db, ctx.Person!.Id, ct) is null)
        {
            ctx.Send(ctx.T(IdeasTexts.NoCommunity));
            ctx.RepromptCurrent();
            return;
        }
        if (args.Length is > 0 and <= IdeasOptions.MaxLength)
        {
            await ProposeAsync(ctx, args, ct);
            ctx.RepromptCurrent();
            return;
        }
        await ctx.BeginDialogAsync(DialogId, ct: ct);
    }

    private async Task<string?> SaveAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        await ProposeAsync(ctx, frame.Data[TextKey], ct);
        return null;
    }

    /// <summary>The community the person took part in most recently, and their activity in it.</summary>
    private static async Task<(long CommunityId, long? ActivityId)?> CommunityOfAsync(MakkerDb db, long personId, CancellationToken ct)
    {
        var activity = await (from m in db.ActivityMembers
                              join a in db.Activities on m.ActivityId equals a.Id
                              where m.PersonId == personId
                              orderby m.JoinedAt descending, a.Id descending
                              select new { a.Id, a.CommunityId }).FirstOrDefaultAsync(ct);
        if (activity is not null)
        {
            return (activity.CommunityId, activity.Id);
        }
        var community = await db.CommunityMembers.Where(m => m.PersonId == personId)
            .OrderByDescending(m => m.JoinedAt).Select(m => (long?)m.CommunityId).FirstOrDefaultAsync(ct);
        return community is { } id ? (id, null) : null;
    }

    private async Task ProposeAsync(TurnContext ctx, string text, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        if (await CommunityOfAsync(db, me.Id, ct) is not { } where)
        {
            ctx.Send(ctx.T(IdeasTexts.NoCommunity));
            return;
        }
        var idea = new Idea
        {
            CommunityId = where.CommunityId,
            ActivityId = where.ActivityId,
            ProposerPersonId = me.Id,
            Text = text.Trim(),
            Status = IdeaStatus.Waiting,
            ProposedAt = ctx.Now,
        };
        db.Ideas.Add(idea);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Idea {IdeaId} proposed in community {CommunityId}", idea.Id, idea.CommunityId);
        ctx.Send(ctx.T(IdeasTexts.Thanks));
        var community = (await db.Communities.FindAsync([idea.CommunityId], ct))!;
        var zone = LocalTimes.Zone(community.TimeZone, options.Value.DefaultTimeZone);
        foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, community.Id, ct))
        {
            var toCoordinator = coordinator.Id == me.Id ? ctx : ctx.ReachOut(coordinator, zone);
            SendReview(toCoordinator, idea, community.Name, toCoordinator.NameOf(me));
        }
    }

    /// <summary>The idea with its buttons, to a coordinator.</summary>
    public static void SendReview(TurnContext ctx, Idea idea, string communityName, string? proposerName) =>
        ctx.SendChoice(ctx.T(IdeasTexts.ToCoordinator, new Dictionary<string, string>
        {
            ["name"] = proposerName ?? ctx.T(TextKeys.NameFallback),
            ["community"] = communityName,
            ["idea"] = idea.Text,
        }), ReviewPurpose, Id(idea.Id), Choices(ctx, idea), out _);

    /// <summary>Share with everyone / Keep to us while nobody has decided, and Make it an activity until it is one.</summary>
    public static List<(string Id, string Label)> Choices(TurnContext ctx, Idea idea)
    {
        var choices = new List<(string Id, string Label)>();
        if (idea.Status == IdeaStatus.Waiting)
        {
            choices.Add((Share, ctx.T(IdeasTexts.ButtonShare)));
            choices.Add((Keep, ctx.T(IdeasTexts.ButtonKeep)));
        }
        if (idea.Status != IdeaStatus.BecameActivity)
        {
            choices.Add((MakeActivity, ctx.T(IdeasTexts.ButtonMakeActivity)));
        }
        return choices;
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>/ideas: a coordinator's list of their communities' ideas, with how many would join, each with its buttons.</summary>
public sealed class IdeasCommand : IChatCommand
{
    private const int MaxListed = 10;

    public string Name => "ideas";
    public bool NeedsConsent => true;
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 88;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var db = ctx.Db;
        var communities = await db.Communities.Where(c => Coordinators.CommunitiesOf(db, ctx.Person!.Id).Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(ct);
        if (communities.Count == 0)
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        foreach (var community in communities)
        {
            var ideas = await (from i in db.Ideas
                               where i.CommunityId == community.Id && i.Status != IdeaStatus.BecameActivity
                               orderby i.ProposedAt descending, i.Id descending
                               select new { Idea = i, Interest = db.IdeaInterest.Count(x => x.IdeaId == i.Id) })
                .Take(MaxListed).ToListAsync(ct);
            var title = new Dictionary<string, string> { ["community"] = community.Name };
            if (ideas.Count == 0)
            {
                ctx.Send(ctx.T(IdeasTexts.ListNone, title));
                continue;
            }
            ctx.Send(ctx.T(IdeasTexts.ListTitle, title));
            foreach (var item in ideas)
            {
                var idea = item.Idea;
                var status = ctx.T(idea.Status switch
                {
                    IdeaStatus.Waiting => IdeasTexts.StatusWaiting,
                    IdeaStatus.Shared => IdeasTexts.StatusShared,
                    _ => IdeasTexts.StatusKept,
                });
                ctx.SendChoice(ctx.T(IdeasTexts.ListItem, new Dictionary<string, string>
                {
                    ["idea"] = idea.Text,
                    ["status"] = status,
                    ["count"] = Figures.Shown(ctx, item.Interest),
                    ["date"] = ctx.FormatDate(idea.ProposedAt),
                }), IdeaCommand.ReviewPurpose, IdeaCommand.Id(idea.Id), IdeaCommand.Choices(ctx, idea), out _);
            }
        }
        ctx.RepromptCurrent();
    }
}
