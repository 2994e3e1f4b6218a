using Makker.Storage;

namespace Makker.Conversations;

/// <summary>
/// Buttons outside dialogs (a nudge, a buddy prompt, a choice of activity). The engine has already checked
/// that the token exists, belongs to the presser and, for single-use tokens, was not used.
/// </summary>
public interface IButtonHandler
{
    /// <summary>The <see cref="ButtonToken.Purpose"/> this handler answers.</summary>
    string Purpose { get; }

    /// <param name="messageId">The outbox id of the message the button sits on, when known.</param>
    Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct);
}
