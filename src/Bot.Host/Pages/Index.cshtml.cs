using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Host.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Makker.Host.Pages;

/// <summary>
/// The front page where the web chat is off (Production): what Makker is, what it keeps about people (the very text the
/// bot shows before anyone says yes), and the way to the coordinators' dashboard.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(DialogCatalog catalog) : PageModel
{
    public IReadOnlyList<string> Privacy { get; private set; } = [];

    public void OnGet()
    {
        var language = DashboardCulture.DialogLanguage(CultureInfo.CurrentUICulture);
        var consent = catalog.Dialog(DialogIds.Onboarding).Steps["consent"].Ask!.For(language);
        // The consent question's paragraphs without its last one, the question itself.
        var paragraphs = consent.Split("\n\n");
        Privacy = [.. paragraphs.Take(Math.Max(1, paragraphs.Length - 1)).SelectMany(p => p.Split('\n'))];
    }
}
