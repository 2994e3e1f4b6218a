using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// The page for a dashboard response without a body of its own (not logged in, not your community, a form without its
/// token, no such page): the status stays, the page says what to do. Reached by re-execution, with the request's method.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public int Code { get; set; }

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
