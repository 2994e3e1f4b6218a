using Makker.Conversations;

namespace Makker.Features.Onboarding;

/// <summary>/start [payload]: the welcome and the consent question, or a friendly "welcome back".</summary>
public sealed class StartCommand(IEnumerable<IStartPayloadHandler> payloadHandlers) : IChatCommand
{
    public string Name => "start";
    public CommandAudience Audience => CommandAudience.Newcomer;
    public int? MenuOrder => 10;
    public bool NeedsConsent => false;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        ctx.ClearDialogs();
        if (ctx.Consented)
        {
            if (args.Length > 0)
            {
                await HandlePayloadAsync(ctx, payloadHandlers, args, ct);
                return;
            }
            ctx.Send(ctx.T(TextKeys.WelcomeBack), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
            return;
        }
        var data = new Dictionary<string, string>();
        if (args.Length > 0)
        {
            // Kept for the features that act on deep links once the person has said yes.
            data["payload"] = args;
        }
        await ctx.BeginDialogAsync(DialogIds.Onboarding, data, ct);
    }

    internal static async Task HandlePayloadAsync(TurnContext ctx, IEnumerable<IStartPayloadHandler> handlers, string payload, CancellationToken ct)
    {
        foreach (var handler in handlers)
        {
            if (await handler.TryHandleAsync(ctx, payload, ct))
            {
                return;
            }
        }
        ctx.Send(ctx.T(TextKeys.WelcomeBack), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
    }
}
