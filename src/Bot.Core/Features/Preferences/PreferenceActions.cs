using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;

namespace Makker.Features.Preferences;

public sealed class PreferenceActions : IDialogActionSource
{
    public IEnumerable<DialogAction> Actions =>
    [
        new("preferences.pause", (ctx, frame, choice, _) =>
        {
            var person = ctx.Person!;
            switch (choice)
            {
                case "week1" or "week2":
                    person.PausedIndefinitely = false;
                    person.PausedUntil = ctx.Now.AddDays(choice == "week1" ? 7 : 14);
                    frame.Data["until"] = ctx.FormatDate(person.PausedUntil.Value);
                    break;
                case "open":
                    person.PausedIndefinitely = true;
                    person.PausedUntil = null;
                    break;
                default:
                    throw new InvalidOperationException($"preferences.pause does not know the choice '{choice}'.");
            }
            return Task.FromResult<string?>(null);
        }),
        new("preferences.language", (ctx, _, choice, _) =>
        {
            // A button id has no '-': "da_easy" is the language "da-easy".
            var language = choice?.Replace('_', '-');
            if (!Languages.IsKnown(language))
            {
                throw new InvalidOperationException($"preferences.language does not know the language '{choice}'.");
            }
            ctx.Language = language!;
            // Someone who said no keeps only the id and the answer; the language then comes with each message.
            if (ctx.Person!.Consent != ConsentState.Refused)
            {
                ctx.Person.Language = language;
            }
            return Task.FromResult<string?>(null);
        }),
        // The question about reading aloud comes only where it can be done, and to someone whose choice is kept.
        new("preferences.read_aloud_offer", (ctx, _, _, _) =>
            Task.FromResult<string?>(ctx.Speech.IsAvailable && ctx.Person!.Consent != ConsentState.Refused ? null : DialogCatalog.End)),
        new("preferences.read_aloud", (ctx, _, choice, _) =>
        {
            ctx.Person!.ReadAloud = choice switch
            {
                "always" => true,
                "on_request" => false,
                _ => throw new InvalidOperationException($"preferences.read_aloud does not know the choice '{choice}'."),
            };
            return Task.FromResult<string?>(null);
        }),
    ];
}
