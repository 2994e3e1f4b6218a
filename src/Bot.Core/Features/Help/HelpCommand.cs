using Makker.Conversations;

namespace Makker.Features.Help;

public sealed class HelpCommand(CommandMenus menus) : IChatCommand
{
    public string Name => "help";
    public CommandAudience Audience => CommandAudience.Newcomer | CommandAudience.Participant;
    public int? MenuOrder => 20;
    public bool NeedsConsent => false;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!ctx.Consented)
        {
            ctx.Send(ctx.T(TextKeys.HelpNotConsented), [[ctx.CommandButton(TextKeys.ButtonStart, "start")]]);
            return;
        }
        var person = ctx.Person!;
        // Only the person's own commands: nobody reads about commands that are not theirs.
        var audience = await menus.AudienceForHelpAsync(ctx, person, ct);
        var lines = menus.For(audience).Where(c => c.Name != Name)
            .Select(c => $"/{c.Name} – {ctx.T(CommandMenus.DescriptionKey(c.Name))}");
        var paused = person.PausedIndefinitely || person.PausedUntil > ctx.Now;
        ctx.Send(ctx.T(TextKeys.Help) + "\n" + string.Join("\n", lines),
        [
            [paused ? ctx.CommandButton(TextKeys.ButtonResume, "resume") : ctx.CommandButton(TextKeys.ButtonPause, "pause")],
            [ctx.CommandButton(TextKeys.ButtonMyData, "mydata"), ctx.CommandButton(TextKeys.ButtonLanguage, "language")],
        ]);
        // Help never throws away a half-answered question.
        ctx.RepromptCurrent();
    }
}

public sealed class CancelCommand : IChatCommand
{
    public string Name => "cancel";
    public CommandAudience Audience => CommandAudience.Newcomer | CommandAudience.Participant;
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
