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
            if (!Languages.IsKnown(choice))
            {
                throw new InvalidOperationException($"preferences.language does not know the language '{choice}'.");
            }
            ctx.Language = choice!;
            // Someone who said no keeps only the id and the answer; the language then comes with each message.
            if (ctx.Person!.Consent != ConsentState.Refused)
            {
                ctx.Person.Language = choice;
            }
            return Task.FromResult<string?>(null);
        }),
    ];
}
