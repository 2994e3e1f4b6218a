namespace Makker.Conversations;

/// <summary>
/// What a plain reply (a <see cref="Dialogs.PlainIntents"/> intent, recognised from the words in dialogs/) does, for
/// someone who has said yes and is not in the middle of a dialog. Each intent has one: an <see cref="IPlainReply"/> of
/// the feature it belongs to, or a <see cref="PlainCommand"/> that runs a command.
/// </summary>
public interface IPlainReply
{
    string Intent { get; }

    Task RunAsync(TurnContext ctx, CancellationToken ct);
}

/// <summary>An intent that means a command: "hjælp" is /help, "pause" is /pause.</summary>
public sealed record PlainCommand(string Intent, string Command);
