using System.Globalization;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// A page about one community: before any handler runs, the logged-in person must coordinate it (403 otherwise, the
/// same for every page and every form). The handler gets one database context for its request.
/// </summary>
public abstract class CommunityPageModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")]
    public long Id { get; set; }

    public Community Community { get; private set; } = null!;

    protected MakkerDb Db { get; private set; } = null!;

    protected long Me => DashboardAccess.PersonOf(User);

    protected DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>"da" or "en": the language the page is shown in, for texts that come from the dialogs.</summary>
    protected static string Language => DashboardCulture.DialogLanguage(CultureInfo.CurrentUICulture);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        await using var db = await dbs.CreateDbContextAsync(HttpContext.RequestAborted);
        if (await DashboardQueries.CoordinatedAsync(db, Me, Id, HttpContext.RequestAborted) is not { } community)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }
        (Db, Community) = (db, community);
        ViewData["Community"] = community;
        await next();
    }
}
