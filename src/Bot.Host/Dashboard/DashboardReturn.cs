using Makker.Features.Dashboard;

namespace Makker.Host.Dashboard;

/// <summary>
/// The dashboard page someone wanted before they were logged in (a link from the bot, a bookmark): kept a short while in
/// a cookie, so the login link brings them there once instead of to the overview. Only a local /dashboard/ path is ever
/// kept or followed, so the cookie can never send anyone to another site.
/// </summary>
public static class DashboardReturn
{
    public const string CookieName = "makker_return";

    /// <summary>Long enough to ask the bot for a link and press it; short enough not to surprise anyone next week.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>The path as given when it is a dashboard page on this site, else null.</summary>
    public static string? Local(string? path) =>
        path is { Length: > 0 and <= 2000 } p && p.StartsWith(DashboardUrls.Home + "/", StringComparison.Ordinal)
            && !p.Contains("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal)
            && !p.StartsWith(DashboardUrls.Login, StringComparison.Ordinal) && !p.StartsWith(DashboardUrls.Logout, StringComparison.Ordinal)
            ? p
            : null;

    /// <summary>Remembers a refused GET for a dashboard page (not logged in) for after the login.</summary>
    public static void Remember(HttpContext http, DateTimeOffset now)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || Local(http.Request.Path.Value + http.Request.QueryString.Value) is not { } path)
        {
            return;
        }
        http.Response.Cookies.Append(CookieName, path, new CookieOptions
        {
            HttpOnly = true,
            // Lax, not Strict: the way back starts from a link in the chat app, another site as the browser sees it.
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = DashboardUrls.Home,
            Expires = now + Lifetime,
            MaxAge = Lifetime,
        });
    }

    /// <summary>Where to go after a login: the remembered page once (the cookie is cleared), else the overview.</summary>
    public static string After(HttpContext http)
    {
        var wanted = http.Request.Cookies.TryGetValue(CookieName, out var kept) ? Local(kept) : null;
        if (kept is not null)
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = DashboardUrls.Home, Secure = http.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        return wanted ?? DashboardUrls.Home;
    }
}
