using Makker.Conversations;

namespace Makker.Features.Help;

public sealed class HelpCommand : IChatCommand
{
    public string Name => "help";
    public bool NeedsConsent => false;

    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!ctx.Consented)
        {
            ctx.Send(ctx.T(TextKeys.HelpNotConsented), [[ctx.CommandButton(TextKeys.ButtonStart, "start")]]);
            return Task.CompletedTask;
        }
        var person = ctx.Person!;
        var paused = person.PausedIndefinitely || person.PausedUntil > ctx.Now;
        ctx.Send(ctx.T(TextKeys.Help),
        [
            [paused ? ctx.CommandButton(TextKeys.ButtonResume, "resume") : ctx.CommandButton(TextKeys.ButtonPause, "pause")],
            [ctx.CommandButton(TextKeys.ButtonMyData, "mydata"), ctx.CommandButton(TextKeys.ButtonLanguage, "language")],
        ]);
        // Help never throws away a half-answered question.
        ctx.RepromptCurrent();
        return Task.CompletedTask;
    }
}

public sealed class CancelCommand : IChatCommand
{
    public string Name => "cancel";
    public bool NeedsConsent => false;

    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (ctx.CurrentFrame is null)
        {
            ctx.Send(ctx.T(TextKeys.CancelNothing), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
            return Task.CompletedTask;
        }
        ctx.ClearDialogs();
        ctx.Send(ctx.T(TextKeys.CancelDone));
        return Task.CompletedTask;
    }
}
