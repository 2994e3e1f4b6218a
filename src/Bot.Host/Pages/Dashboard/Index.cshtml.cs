using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>The communities the person coordinates, and a new one (a coordinator may start another, as in the chat).</summary>
public sealed class IndexModel(IDbContextFactory<MakkerDb> dbs, CommunitySetup setup, TimeProvider clock, IStringLocalizer<DashboardText> text) : PageModel
{
    public List<CommunityLink> Communities { get; private set; } = [];

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    public string? NameError { get; private set; }

    public async Task OnGetAsync()
    {
        await using var db = await dbs.CreateDbContextAsync(HttpContext.RequestAborted);
        Communities = await DashboardQueries.CommunitiesAsync(db, DashboardAccess.PersonOf(User), HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostCommunitiesAsync()
    {
        var ct = HttpContext.RequestAborted;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var me = DashboardAccess.PersonOf(User);
        if (!await DashboardQueries.IsCoordinatorAnywhereAsync(db, me, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (CommunitySetup.CommunityName(Name) is not { } name)
        {
            NameError = text["CommunityNameInvalid", CommunitySetup.MaxCommunityName];
            Communities = await DashboardQueries.CommunitiesAsync(db, me, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var community = await setup.CreateCommunityAsync(db, me, name, clock.GetUtcNow(), ct);
        return Redirect(DashboardUrls.Community(community.Id));
    }
}
