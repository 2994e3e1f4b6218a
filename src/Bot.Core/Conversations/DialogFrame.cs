namespace Makker.Conversations;

/// <summary>One dialog on a person's stack: where it is, what it has gathered, which buttons are live.</summary>
public sealed class DialogFrame
{
    public required string Id { get; init; }
    public required string Dialog { get; init; }
    public required string Step { get; set; }
    public Dictionary<string, string> Data { get; init; } = [];
    /// <summary>The token on the buttons currently shown for this step; any other token is stale.</summary>
    public string? PromptToken { get; set; }
    public long? PromptMessageId { get; set; }
}

public delegate Task<string?> DialogActionHandler(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct);

/// <summary>
/// Code a dialog file can name. It returns the step to go to instead of the one the file says, or null to
/// follow the file.
/// </summary>
public sealed record DialogAction(string Name, DialogActionHandler Run)
{
    /// <summary>
    /// Returned by an action that has shown buttons it built itself (a list of activities, days to tick): the dialog
    /// stays on this step until a button handler calls <see cref="TurnContext.ContinueDialogAsync"/>.
    /// </summary>
    public const string WaitForButtons = "(buttons)";
}

public interface IDialogActionSource
{
    IEnumerable<DialogAction> Actions { get; }
}

public interface IChatCommand
{
    /// <summary>Without the slash, lower case.</summary>
    string Name { get; }

    /// <summary>False for the few commands that work before consent (start, help, cancel, mydata, forget).</summary>
    bool NeedsConsent { get; }

    /// <summary>Whose command it is: only they see it in their command menu and in /help.</summary>
    CommandAudience Audience => CommandAudience.Participant;

    /// <summary>Its place in the chat app's command menu; null leaves it out of the menu (it is still in /help).</summary>
    int? MenuOrder => null;

    /// <summary>
    /// Never in a group chat, where everyone reads along: a coordinator's commands and links, and erasing someone.
    /// Written there, the bot answers with one line saying to write to it privately.
    /// </summary>
    bool PrivateOnly => Audience.HasFlag(CommandAudience.Coordinator);

    Task RunAsync(TurnContext ctx, string args, CancellationToken ct);
}

/// <summary>
/// Who a command is for. Roles are capabilities, not categories: a coordinator is a participant too, and sees a
/// participant's commands as well as their own.
/// </summary>
[Flags]
public enum CommandAudience
{
    None = 0,

    /// <summary>Someone who has not said yes to the bot keeping a little about them (yet).</summary>
    Newcomer = 1,
    Participant = 2,
    Host = 4,
    Coordinator = 8,
}
