using System.Globalization;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.HelpingHands;
using Makker.Features.Participation;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>A community's page: its name, its activities (new and edited here), the next two weeks and the numbers.</summary>
public sealed class CommunityModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, DashboardQueries queries, CommunitySetup setup, DashboardActions actions,
    DialogCatalog catalog, IStringLocalizer<DashboardText> text) : CommunityPageModel(dbs, clock)
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

    /// <summary>The idea the new-activity form is filled in from ("Make an activity" on the ideas page).</summary>
    public Makker.Features.Ideas.Idea? FromIdea { get; private set; }

    /// <summary>A task form's name as posted, shown again beside its problem.</summary>
    [BindProperty(Name = "task_name")]
    public string? TaskName { get; set; }

    /// <summary>Why the last change to a task changed nothing.</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync([FromQuery] long? idea)
    {
        if (idea is { } ideaId && await DashboardQueries.IdeaToRealiseAsync(Db, Id, ideaId, HttpContext.RequestAborted) is { } found)
        {
            FromIdea = found;
            Posted = NewKey;
            // The idea's sentence as a first name for the activity, without its full stop; the coordinator makes it shorter.
            var name = found.Text.TrimEnd('.', ' ');
            Input = new ActivityInput { Name = name.Length <= ActivityFields.MaxName ? name : name[..ActivityFields.MaxName], Minutes = 120, Day = (int)DayOfWeek.Monday, Idea = found.Id };
        }
        await LoadAsync();
    }

    /// <summary>Adds a small task to an activity, as /newtask does.</summary>
    public async Task<IActionResult> OnPostTasksAsync(long? activityId)
    {
        var ct = HttpContext.RequestAborted;
        if (activityId is not { } id || !await Db.Activities.AnyAsync(a => a.Id == id && a.CommunityId == Id, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (HelpingTaskChanges.Name(TaskName) is null)
        {
            Errors["task_name"] = text["TaskNameInvalid", HelpingHandsOptions.MaxTaskLength];
            _taskActivity = id;
            return await ProblemAsync(NewTaskKey(id));
        }
        await actions.AddTaskAsync(Db, Id, Me, id, TaskName, Now, ct);
        return Redirect(DashboardUrls.Community(Id) + "#tasks-" + id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Renames a small task, or removes it (whoever took it for a time ahead is told kindly), as /newtask does.</summary>
    public async Task<IActionResult> OnPostTaskAsync([FromForm] long task, [FromForm] string? change)
    {
        var remove = change == "remove";
        if (!remove && HelpingTaskChanges.Name(TaskName) is null)
        {
            Errors["task_name"] = text["TaskNameInvalid", HelpingHandsOptions.MaxTaskLength];
            _taskActivity = await Db.HelpingTasks.Where(t => t.Id == task).Select(t => (long?)t.ActivityId).FirstOrDefaultAsync(HttpContext.RequestAborted);
            return await ProblemAsync(TaskKey(task));
        }
        if (!await actions.ChangeTaskAsync(Db, Id, Me, task, TaskName, remove, Now, HttpContext.RequestAborted))
        {
            Refusal = text["TaskChanged"];
            Db.ChangeTracker.Clear();
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Redirect(DashboardUrls.Community(Id) + "#tasks");
    }

    public static string NewTaskKey(long activityId) => "newtask-" + activityId.ToString(CultureInfo.InvariantCulture);

    public static string TaskKey(long taskId) => "task-" + taskId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A task form: its field shows what was posted and its problem when it was the one posted, else the task's name.</summary>
    public FieldView TaskField(string key, string label, string? name) =>
        new(key + "-name", "task_name", label, Posted == key ? TaskName : name, Posted == key ? Errors.GetValueOrDefault("task_name") : null)
        {
            MaxLength = HelpingHandsOptions.MaxTaskLength,
            Required = true,
        };

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
            if (activity is null && Input.Idea is { } ideaId)
            {
                FromIdea = await DashboardQueries.IdeaToRealiseAsync(Db, Id, ideaId, ct);
            }
            return await ProblemAsync(activity is null ? NewKey : activity.Id.ToString(CultureInfo.InvariantCulture));
        }
        if (activity is null)
        {
            // Made from an idea, the idea is realised and its proposer asked about hosting, as after the chat's wizard.
            await actions.CreateActivityAsync(Db, Id, Me, fields, Input.Idea, Now, ct);
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
            long.TryParse(Posted, CultureInfo.InvariantCulture, out var activity) ? activity : _taskActivity);

    /// <summary>The activity of a task form posted with a problem, so the page of activities it is on is the one shown.</summary>
    private long? _taskActivity;
}
