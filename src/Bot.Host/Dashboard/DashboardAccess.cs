using System.Globalization;
using System.Security.Claims;
using Makker.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Dashboard;

/// <summary>Who is logged in: the person, their session stamp and their language, from the session cookie; checked on every request.</summary>
public static class DashboardAccess
{
    public const string PersonClaim = "makker:person";

    public const string StampClaim = "makker:stamp";

    /// <summary>The person's own language when the session began, so the pages need no query to know it.</summary>
    public const string LanguageClaim = "makker:language";

    /// <summary>A session: the person, their session stamp when it began (raised when they lose the coordinator role), their language.</summary>
    public static ClaimsPrincipal Principal(long personId, int stamp, string? language) =>
        new(new ClaimsIdentity([
            new Claim(PersonClaim, personId.ToString(CultureInfo.InvariantCulture)),
            new Claim(StampClaim, stamp.ToString(CultureInfo.InvariantCulture)),
            new Claim(LanguageClaim, language ?? ""),
        ], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// On every request with a session cookie: the person must still be there with the stamp the session began with.
    /// Losing the coordinator role raises the stamp (and /forget removes the person), so the session ends at once.
    /// </summary>
    public static async Task CheckSessionStampAsync(CookieValidatePrincipalContext context)
    {
        var claims = context.Principal;
        if (long.TryParse(claims?.FindFirstValue(PersonClaim), CultureInfo.InvariantCulture, out var personId)
            && int.TryParse(claims?.FindFirstValue(StampClaim), CultureInfo.InvariantCulture, out var stamp))
        {
            var dbs = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<MakkerDb>>();
            await using var db = await dbs.CreateDbContextAsync(context.HttpContext.RequestAborted);
            var current = await db.People.Where(p => p.Id == personId).Select(p => (int?)p.SessionStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (current == stamp)
            {
                return;
            }
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static long PersonOf(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(PersonClaim) ?? "0", CultureInfo.InvariantCulture);
}
