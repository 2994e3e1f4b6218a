using Makker.Conversations;
using Makker.Storage;

namespace Makker.Features.Onboarding;

public sealed class OnboardingActions(IEnumerable<IStartPayloadHandler> payloadHandlers) : IDialogActionSource
{
    public IEnumerable<DialogAction> Actions =>
    [
        new("onboarding.consent_given", (ctx, _, _, _) =>
        {
            var person = ctx.Person!;
            person.Consent = ConsentState.Given;
            person.ConsentChangedAt = ctx.Now;
            // A channel that sent no name with this press keeps the one given at an earlier yes.
            person.FirstName = FirstNameOf(ctx.Message.FirstName) ?? person.FirstName;
            person.Language = ctx.Language;
            return Task.FromResult<string?>(null);
        }),
        new("onboarding.consent_refused", (ctx, _, _, _) =>
        {
            // Only the channel id and the answer itself are kept.
            var person = ctx.Person!;
            person.Consent = ConsentState.Refused;
            person.ConsentChangedAt = ctx.Now;
            person.FirstName = null;
            person.Language = null;
            person.PausedUntil = null;
            person.PausedIndefinitely = false;
            person.ReadAloud = false;
            return Task.FromResult<string?>(null);
        }),
        // "Easy Danish or another language" on the consent question: the language dialog on top, and when it is done
        // the consent question comes again, in the language chosen.
        new("onboarding.choose_language", async (ctx, _, _, ct) =>
        {
            await ctx.BeginDialogAsync(DialogIds.Language, ct: ct);
            return DialogAction.WaitForButtons;
        }),
        // After the yes: the deep link that brought the person here (an invite) is acted on now.
        new("onboarding.follow_up", async (ctx, frame, _, ct) =>
        {
            if (ctx.Consented && frame.Data.TryGetValue("payload", out var payload))
            {
                await StartCommand.HandlePayloadAsync(ctx, payloadHandlers, payload, ct);
            }
            return null;
        }),
    ];

    /// <summary>Only the first name, trimmed to what the store keeps.</summary>
    internal static string? FirstNameOf(string? name)
    {
        var first = name?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? null : first.Length <= 64 ? first : first[..64];
    }
}
