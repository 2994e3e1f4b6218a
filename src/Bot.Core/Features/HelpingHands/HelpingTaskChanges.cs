using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Makker.Features.HelpingHands;

/// <summary>
/// The rules for an activity's small tasks, the same from the chat (/newtask) and the dashboard: a name of at most
/// <see cref="HelpingHandsOptions.MaxTaskLength"/> characters; every change audited; a removed task's helpers at the
/// times still ahead are told kindly that it is not needed any more.
/// </summary>
public static class HelpingTaskChanges
{
    /// <summary>The task's name as it will be kept, or null when it is empty or too long.</summary>
    public static string? Name(string? text) => text?.Trim() is { Length: > 0 and <= HelpingHandsOptions.MaxTaskLength } name ? name : null;

    /// <summary>The activity's tasks that are not removed, oldest first.</summary>
    public static IQueryable<HelpingTask> Current(MakkerDb db, long activityId) =>
        db.HelpingTasks.Where(t => t.ActivityId == activityId && t.RemovedAt == null).OrderBy(t => t.Id);

    public static HelpingTask Add(TurnContext actor, Activity activity, string name)
    {
        var task = new HelpingTask { ActivityId = activity.Id, Name = name, CreatedAt = actor.Now };
        actor.Db.HelpingTasks.Add(task);
        Audit.Add(actor.Db, actor.Person!.Id, activity.CommunityId, "task.create", $"{activity.Id}: {name}", actor.Now);
        return task;
    }

    public static void Rename(TurnContext actor, Activity activity, HelpingTask task, string name)
    {
        Audit.Add(actor.Db, actor.Person!.Id, activity.CommunityId, "task.rename", $"{activity.Id}: {task.Name} -> {name}", actor.Now);
        task.Name = name;
    }

    /// <summary>
    /// Removes the task: it is offered no more, and whoever took it for a time still ahead hears warmly that it is not
    /// needed (their hand is let go; it costs them nothing). Returns how many were told.
    /// </summary>
    public static async Task<int> RemoveAsync(TurnContext actor, Activity activity, HelpingTask task, TimeZoneInfo zone, CancellationToken ct)
    {
        var db = actor.Db;
        task.RemovedAt = actor.Now;
        Audit.Add(db, actor.Person!.Id, activity.CommunityId, "task.remove", $"{activity.Id}: {task.Name}", actor.Now);
        var ahead = await (from h in db.HelpingHands
                           join o in db.Occurrences on h.OccurrenceId equals o.Id
                           join p in db.People on h.PersonId equals p.Id
                           where h.TaskId == task.Id && o.StartsAt > actor.Now && o.CancelledAt == null
                           orderby o.StartsAt, h.Id
                           select new { Hand = h, Person = p, o.StartsAt }).ToListAsync(ct);
        var told = 0;
        foreach (var item in ahead)
        {
            db.HelpingHands.Remove(item.Hand);
            if (item.Person is not { Consent: ConsentState.Given, Unreachable: false })
            {
                continue;
            }
            var toHelper = item.Person.Id == actor.Person.Id ? actor : actor.ReachOut(item.Person, zone);
            toHelper.Send(toHelper.T(HelpingHandsTexts.RemovedToHelper, new Dictionary<string, string>
            {
                ["task"] = task.Name,
                ["activity"] = activity.Name,
                ["date"] = toHelper.FormatDate(item.StartsAt),
            }));
            told++;
        }
        return told;
    }
}

/// <summary>
/// /newtask's steps: with tasks already there, they are offered as buttons beside "New task"; a task chosen can be
/// renamed or removed. Every step that changes something checks again that the person coordinates the activity.
/// </summary>
public sealed class HelpingTaskWizard(ActivityDirectory directory, ILogger<HelpingTaskWizard> log) : IDialogActionSource, IButtonHandler
{
    public const string Purpose = "hands-task";
    private const string ActivityKey = "activity";
    private const string NewChoice = "n";
    private const string TaskId = "task_id";
    private const string TaskName = "task_name";

    string IButtonHandler.Purpose => Purpose;

    public IEnumerable<DialogAction> Actions =>
    [
        new("hands.pick_task", PickAsync),
        new("hands.create_task", CreateAsync),
        new("hands.rename_task", RenameAsync),
        new("hands.remove_task", RemoveAsync),
    ];

    private static async Task<string?> PickAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            return DialogCatalog.End;
        }
        var tasks = await HelpingTaskChanges.Current(ctx.Db, activity.Id).ToListAsync(ct);
        if (tasks.Count == 0)
        {
            return null; // nothing to change: straight to the new task's name
        }
        var choices = tasks.Select(t => (TaskOffers.TaskPrefix + TaskOffers.Id(t.Id), t.Name)).ToList();
        choices.Add((NewChoice, ctx.T(HelpingHandsTexts.ButtonNewTask)));
        ctx.SendChoice(ctx.T(HelpingHandsTexts.ChooseTask, new Dictionary<string, string> { [ActivityKey] = activity.Name }), Purpose, frame.Id, choices, out _);
        return DialogAction.WaitForButtons;
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var frame = ctx.CurrentFrame;
        if (frame is null || frame.Id != token.Args || await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            return;
        }
        HelpingTask? task = null;
        if (choice != NewChoice && (!choice.StartsWith(TaskOffers.TaskPrefix, StringComparison.Ordinal)
            || !long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var id)
            || (task = await HelpingTaskChanges.Current(ctx.Db, activity.Id).FirstOrDefaultAsync(t => t.Id == id, ct)) is null))
        {
            await ctx.CloseButtonsAsync(messageId, HelpingHandsTexts.Gone, ct);
            await ctx.ContinueDialogAsync(frame, DialogCatalog.End, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        await ctx.ShowChosenAsync(messageId, task?.Name ?? ctx.T(HelpingHandsTexts.ButtonNewTask), ct: ct);
        if (task is not null)
        {
            frame.Data[TaskId] = TaskOffers.Id(task.Id);
            frame.Data[TaskName] = task.Name;
        }
        await ctx.ContinueDialogAsync(frame, task is null ? "task" : "change", ct);
    }

    private static async Task<string?> CreateAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            return DialogCatalog.End;
        }
        if (HelpingTaskChanges.Name(frame.Data.GetValueOrDefault("task")) is not { } name)
        {
            return "task";
        }
        HelpingTaskChanges.Add(ctx, activity, name);
        ctx.Send(ctx.T(HelpingHandsTexts.TaskCreated, new Dictionary<string, string> { ["task"] = name, [ActivityKey] = activity.Name }));
        return null;
    }

    private static async Task<string?> RenameAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await TaskOf(ctx, frame, ct) is not { } found)
        {
            return DialogCatalog.End;
        }
        if (HelpingTaskChanges.Name(frame.Data.GetValueOrDefault("new_name")) is not { } name)
        {
            return "rename";
        }
        HelpingTaskChanges.Rename(ctx, found.Activity, found.Task, name);
        ctx.Send(ctx.T(HelpingHandsTexts.TaskRenamed, new Dictionary<string, string> { ["task"] = name, [ActivityKey] = found.Activity.Name }));
        return null;
    }

    private async Task<string?> RemoveAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await TaskOf(ctx, frame, ct) is not { } found)
        {
            return DialogCatalog.End;
        }
        var zone = (await directory.FindAsync(ctx.Db, found.Activity.Id, ct))!.Zone;
        var told = await HelpingTaskChanges.RemoveAsync(ctx, found.Activity, found.Task, zone, ct);
        log.LogInformation("Helping task {TaskId} removed; {Told} helpers told", found.Task.Id, told);
        ctx.Send(ctx.T(HelpingHandsTexts.TaskRemoved, new Dictionary<string, string> { ["task"] = found.Task.Name, [ActivityKey] = found.Activity.Name }));
        return null;
    }

    /// <summary>The task the dialog is about, while it is there and the person coordinates its activity; otherwise says so.</summary>
    private static async Task<(Activity Activity, HelpingTask Task)?> TaskOf(TurnContext ctx, DialogFrame frame, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            return null;
        }
        if (!long.TryParse(frame.Data.GetValueOrDefault(TaskId), CultureInfo.InvariantCulture, out var id)
            || await HelpingTaskChanges.Current(ctx.Db, activity.Id).FirstOrDefaultAsync(t => t.Id == id, ct) is not { } task)
        {
            ctx.Send(ctx.T(HelpingHandsTexts.Gone));
            return null;
        }
        return (activity, task);
    }

    private static async Task<Activity?> ActivityOf(TurnContext ctx, DialogFrame frame, CancellationToken ct)
    {
        var activity = long.TryParse(frame.Data.GetValueOrDefault(ActivityKey), CultureInfo.InvariantCulture, out var id)
            ? await Coordinators.CoordinatedActivityAsync(ctx.Db, ctx.Person!.Id, id, ct)
            : null;
        if (activity is null)
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
        }
        return activity;
    }
}
