namespace Makker.Conversations;

/// <summary>
/// Acts on the payload of a deep link (/start &lt;payload&gt;) once the person has given consent: an invite
/// to an activity, later a set-up code. The first handler that claims the payload answers it.
/// </summary>
public interface IStartPayloadHandler
{
    Task<bool> TryHandleAsync(TurnContext ctx, string payload, CancellationToken ct);
}
