using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// Who is a volunteer, a buddy, a host or a coordinator, and who waits for an answer. A coordinator approves or says
/// "not now", or takes a role away, as with /roles in the chat: audited, the person told kindly, their open prompts closed.
/// </summary>
public sealed class RolesModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, DashboardActions actions, IStringLocalizer<DashboardText> text)
    : CommunityPageModel(dbs, clock)
{
    public List<RoleRow> Roles { get; private set; } = [];

    /// <summary>Why the last change changed nothing.</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync([FromForm] long person, [FromForm] string? role, [FromForm] string? answer) =>
        await DoneAsync(await actions.DecideAsync(Db, Id, Me, person, role ?? "", answer == "approve", Now, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostRemoveAsync([FromForm] long person, [FromForm] string? role, [FromForm] long? activity) =>
        await DoneAsync(await actions.TakeAwayAsync(Db, Id, Me, person, role ?? "", activity, Now, HttpContext.RequestAborted));

    /// <summary>The role's name as the page shows it.</summary>
    public string Label(HeldRole h) => h.Role switch
    {
        RoleNames.Volunteer => text["RoleVolunteer"],
        RoleNames.Buddy => text["RoleBuddy"],
        RoleNames.Host => text["RoleHost", h.ActivityName ?? ""],
        _ => text["RoleCoordinator"],
    };

    private async Task<IActionResult> DoneAsync(RoleRefusal? refusal)
    {
        if (refusal is null)
        {
            return Redirect(DashboardUrls.Roles(Id));
        }
        Refusal = refusal switch
        {
            RoleRefusal.AlreadyAnswered => text["RefusedAnswered"],
            RoleRefusal.LastCoordinator => text["RefusedLastCoordinator"],
            _ => text["RefusedChanged"],
        };
        // The change (and its transaction) is over; the page is read afresh.
        Db.ChangeTracker.Clear();
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadAsync() => Roles = await DashboardQueries.RolesAsync(Db, Me, Id, id => text["NoNameYet", id].Value, HttpContext.RequestAborted);
}
