using Makker.Conversations;
using Makker.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Coordination;

internal static class WizardKit
{
    /// <summary>A dialog step's question as the person reads it, straight from the dialog file.</summary>
    public static string Ask(ConversationHarness h, string dialog, string step, string language = "da") =>
        h.Services.GetRequiredService<Makker.Conversations.Dialogs.DialogCatalog>().Dialog(dialog).Steps[step].Ask!.For(language);

    /// <summary>The label of a dialog step's button, as the person reads it.</summary>
    public static string ButtonOf(ConversationHarness h, string dialog, string step, string button, string language = "da") =>
        h.Services.GetRequiredService<Makker.Conversations.Dialogs.DialogCatalog>().Dialog(dialog).Steps[step].Buttons.Single(b => b.Id == button).Label.For(language);

    public static string Say(ConversationHarness h, string dialog, string step, string language = "da") =>
        h.Services.GetRequiredService<Makker.Conversations.Dialogs.DialogCatalog>().Dialog(dialog).Steps[step].Say!.For(language);
}
