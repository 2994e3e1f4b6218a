using Makker.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Coordination;

/// <summary>/newactivity, /newshift, /appoint: only for coordinators; everyone else hears who can help.</summary>
public sealed class CoordinatorWizardCommand(string name, string dialogId, int menuOrder) : IChatCommand
{
    public string Name => name;
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => menuOrder;
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!await Coordinators.CommunitiesOf(ctx.Db, ctx.Person!.Id).AnyAsync(ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        await ctx.BeginDialogAsync(dialogId, ct: ct);
    }
}

/// <summary>/newcommunity: for coordinators, and for those configured or set up to create the first one.</summary>
public sealed class NewCommunityCommand(Coordinators coordinators) : IChatCommand
{
    public string Name => "newcommunity";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 87;
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!await coordinators.MayCreateCommunitiesAsync(ctx.Db, ctx.Person!, ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.CannotCreateCommunity));
            ctx.RepromptCurrent();
            return;
        }
        await ctx.BeginDialogAsync(DialogIds.NewCommunity, ct: ct);
    }
}
