using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Makker.Host.Pages.Dashboard;

/// <summary>The page's language switch: remembered in a cookie for a year, then back to the page it came from.</summary>
[AllowAnonymous]
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public IActionResult OnPost([FromForm] string? language, [FromForm] string? returnUrl)
    {
        if (language is "da" or "en")
        {
            Response.Cookies.Append(DashboardCulture.CookieName, language, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = Request.IsHttps,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
        return Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl : DashboardUrls.Home);
    }
}
