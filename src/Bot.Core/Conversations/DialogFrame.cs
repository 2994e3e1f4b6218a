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

    Task RunAsync(TurnContext ctx, string args, CancellationToken ct);
}
