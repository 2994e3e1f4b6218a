using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// The link from the bot. Opening it only shows a button: a link preview, a mail scanner or a crawler that fetches it
/// uses nothing up. Pressing the button (a POST with the page's anti-forgery token) uses the link and starts a session.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(DashboardLogins logins, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public LoginRefusal? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await logins.CheckAsync(Token, clock.GetUtcNow(), HttpContext.RequestAborted) is { } refusal)
        {
            return Refused(refusal);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await logins.RedeemAsync(Token, clock.GetUtcNow(), HttpContext.RequestAborted);
        if (result.PersonId is not { } personId)
        {
            return Refused(result.Refusal ?? LoginRefusal.Unknown);
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardAccess.Principal(personId, result.SessionStamp, result.Language));
        // Back to the page they wanted before logging in, once; only ever a local dashboard path (no open redirect).
        return LocalRedirect(DashboardReturn.After(HttpContext));
    }

    private PageResult Refused(LoginRefusal refusal)
    {
        Refusal = refusal;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
