using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>The announcement composer: the chat's audiences, a preview exactly as sent, and each announcement's delivery report.</summary>
public sealed class BroadcastsModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, DashboardActions actions, IStringLocalizer<DashboardText> text)
    : CommunityPageModel(dbs, clock)
{
    [BindProperty(Name = "text")]
    public string? Text { get; set; }

    [BindProperty(Name = "audience")]
    public string? Audience { get; set; }

    [BindProperty(Name = "urgent")]
    public bool Urgent { get; set; }

    public IReadOnlyList<(string Value, string Label)> Audiences { get; private set; } = [];

    public List<BroadcastRow> Sent { get; private set; } = [];

    public BroadcastPreview? Preview { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Shows the announcement as it will look, and to how many; nothing is sent yet.</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await DashboardActions.DraftAsync(Db, Community, Me, Text, Audience, Now, ct) is not { } draft)
        {
            return await ProblemAsync();
        }
        var me = await Db.People.FindAsync([Me], ct);
        Preview = await actions.PreviewAsync(Db, Community, draft, me!, Language, ct);
        (Text, Audience) = (draft.Text, Audience);
        await LoadAsync();
        return Page();
    }

    /// <summary>Sends it, as /announce does.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await actions.SendAsync(Db, Id, Me, Text, Audience, Urgent, Language, Now, HttpContext.RequestAborted))
        {
            return await ProblemAsync();
        }
        return Redirect(DashboardUrls.Broadcasts(Id));
    }

    private async Task<IActionResult> ProblemAsync()
    {
        await LoadAsync();
        if (!DashboardActions.IsAcceptableText(Text))
        {
            Errors["text"] = text["BroadcastTextInvalid", DashboardActions.MaxBroadcastLength];
        }
        if (!Audiences.Any(a => a.Value == Audience))
        {
            Errors["audience"] = text["AudienceInvalid"];
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var activities = await DashboardQueries.ActivitiesAsync(Db, Id, ct);
        Audiences = DashboardActions.Audiences(activities).Select(a => (a.Value, a.Audience switch
        {
            Makker.Features.Announcements.BroadcastAudience.Activity => text["AudienceActivity", a.Activity!.Name].Value,
            Makker.Features.Announcements.BroadcastAudience.Volunteers => text["AudienceVolunteers", Community.Name].Value,
            Makker.Features.Announcements.BroadcastAudience.Hosts => text["AudienceHosts", Community.Name].Value,
            _ => text["AudienceEveryone", Community.Name].Value,
        })).ToList();
        Sent = await DashboardQueries.BroadcastsAsync(Db, Id, ct);
    }
}
