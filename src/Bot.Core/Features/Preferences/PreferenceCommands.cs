using Makker.Conversations;

namespace Makker.Features.Preferences;

public sealed class PauseCommand : IChatCommand
{
    public string Name => "pause";
    public int? MenuOrder => 30;
    public bool NeedsConsent => true;

    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        ctx.ClearDialogs();
        return ctx.BeginDialogAsync(DialogIds.Pause, ct: ct);
    }
}

public sealed class ResumeCommand : IChatCommand
{
    public string Name => "resume";
    public int? MenuOrder => 40;
    public bool NeedsConsent => true;

    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var person = ctx.Person!;
        var wasPaused = person.PausedIndefinitely || person.PausedUntil > ctx.Now;
        person.PausedIndefinitely = false;
        person.PausedUntil = null;
        ctx.Send(ctx.T(wasPaused ? TextKeys.ResumeDone : TextKeys.ResumeNotPaused));
        ctx.RepromptCurrent();
        return Task.CompletedTask;
    }
}

/// <summary>/language works before consent too, so nobody has to agree to something in a language they do not read.</summary>
public sealed class LanguageCommand : IChatCommand
{
    public string Name => "language";
    public CommandAudience Audience => CommandAudience.Newcomer | CommandAudience.Participant;
    public int? MenuOrder => 50;
    public bool NeedsConsent => false;

    // Pushed on top of whatever was going on; that question comes back afterwards in the new language.
    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct) => ctx.BeginDialogAsync(DialogIds.Language, ct: ct);
}
