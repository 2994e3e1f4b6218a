using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// The community's ideas with how many would join ("a few" under five). A waiting idea gets Share with everyone / Keep
/// to us, the same decision as under the idea in the chat (the first answer counts, the proposer hears it kindly);
/// Make an activity opens the new-activity form filled in from the idea.
/// </summary>
public sealed class IdeasModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, DashboardActions actions, DashboardQueries queries,
    IStringLocalizer<DashboardText> text) : CommunityPageModel(dbs, clock)
{
    public List<IdeaRow> Ideas { get; private set; } = [];

    /// <summary>Why the last answer changed nothing.</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync([FromForm] long idea, [FromForm] string? answer)
    {
        if (answer is not ("share" or "keep"))
        {
            return StatusCode(StatusCodes.Status400BadRequest);
        }
        if (await actions.DecideIdeaAsync(Db, Id, Me, idea, answer == "share", Now, HttpContext.RequestAborted))
        {
            return Redirect(DashboardUrls.Ideas(Id));
        }
        Refusal = text["IdeaDecidedAlready"];
        // The change (and its transaction) is over; the page is read afresh.
        Db.ChangeTracker.Clear();
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The day an idea was proposed, in the community's time zone and the page's language.</summary>
    public string Date(DateTimeOffset at) => LocalTimes.ToLocal(at, queries.ZoneOf(Community)).ToString("d MMM yyyy", System.Globalization.CultureInfo.CurrentCulture);

    private async Task LoadAsync() => Ideas = await DashboardQueries.IdeasAsync(Db, Id, HttpContext.RequestAborted);
}
