using System.Globalization;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>A community's page: its name, its activities (new and edited here), the next two weeks and the numbers.</summary>
public sealed class CommunityModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, DashboardQueries queries, CommunitySetup setup, DialogCatalog catalog,
    IStringLocalizer<DashboardText> text) : CommunityPageModel(dbs, clock)
{
    public const string RenameKey = "rename";
    public const string NewKey = "new";

    public CommunityOverview Overview { get; private set; } = null!;

    /// <summary>Which page of the activities to show ("?p=2"); "page" itself is taken by Razor Pages' routing.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public ActivityInput Input { get; set; } = new();

    /// <summary>The form that was posted and had problems ("rename", "new" or an activity's id), so only it shows them.</summary>
    public string? Posted { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Renames the community.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (CommunitySetup.CommunityName(Input.Name) is not { } name)
        {
            Errors[ActivityFields.NameField] = text["CommunityNameInvalid", CommunitySetup.MaxCommunityName];
            return await ProblemAsync(RenameKey);
        }
        await CommunitySetup.RenameCommunityAsync(Db, Me, Community, name, Now, HttpContext.RequestAborted);
        return Redirect(DashboardUrls.Community(Id));
    }

    /// <summary>Creates an activity (no activity id) or changes one, through the same code as the chat's wizard.</summary>
    public async Task<IActionResult> OnPostActivitiesAsync(long? activityId)
    {
        var ct = HttpContext.RequestAborted;
        Activity? activity = null;
        if (activityId is { } editedId && (activity = await Db.Activities.FirstOrDefaultAsync(a => a.Id == editedId && a.CommunityId == Id, ct)) is null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var days = Input.WeekDays(single: activity is null);
        var fields = ActivityFields.Read(Input.Name, Input.Place, days ?? WeekDays.None, Input.Time, Input.Minutes, out var problems);
        if (fields is null || days is null)
        {
            foreach (var field in problems)
            {
                Errors[field] = field switch
                {
                    ActivityFields.NameField => text["ActivityNameInvalid", ActivityFields.MaxName],
                    ActivityFields.PlaceField => text["PlaceInvalid", ActivityFields.MaxPlace],
                    ActivityFields.TimeField => text["TimeInvalid"],
                    _ => text["MinutesInvalid", ActivityFields.MinMinutes, ActivityFields.MaxMinutes],
                };
            }
            if (days is null)
            {
                Errors["days"] = text["DaysInvalid"];
            }
            return await ProblemAsync(activity is null ? NewKey : activity.Id.ToString(CultureInfo.InvariantCulture));
        }
        if (activity is null)
        {
            await setup.CreateActivityAsync(Db, Me, Id, fields, inviteLifetime: null, Now, ct);
        }
        else
        {
            await setup.EditActivityAsync(Db, Me, activity, fields, Now, ct);
        }
        return Redirect(DashboardUrls.Community(Id));
    }

    /// <summary>The form that was posted, shown again with what was typed and a message beside each wrong field; nothing is saved.</summary>
    public ActivityFormView Form(string key, string action, bool isNew, Activity? activity) =>
        new(key, action, isNew, Posted == key ? Input : activity is null ? new ActivityInput { Minutes = 120, Day = (int)DayOfWeek.Monday } : ActivityInput.From(activity),
            Posted == key ? Errors : new Dictionary<string, string>());

    private async Task<IActionResult> ProblemAsync(string key)
    {
        Posted = key;
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync() =>
        Overview = await queries.OverviewAsync(Db, Community, catalog, Language, Now, HttpContext.RequestAborted, PageNumber,
            long.TryParse(Posted, CultureInfo.InvariantCulture, out var activity) ? activity : null);
}
