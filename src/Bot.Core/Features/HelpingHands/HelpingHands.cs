using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.HelpingHands;

/// <summary>
/// Small tasks at the next occurrence: offered as buttons (the open ones) with Not now, taken with one tap, handed back
/// with one tap at no cost. Shared by the one question after the third time and by /help_out.
/// </summary>
public static class TaskOffers
{
    public const string OfferPurpose = "hands-offer";
    public const string BackPurpose = "hands-back";
    public const string TaskPrefix = "t";
    public const string NotNowChoice = "n";

    /// <summary>The next occurrence of the activity that has not started, and its tasks nobody has taken yet.</summary>
    public static async Task<(Occurrence Occurrence, List<HelpingTask> Open)?> OpenTasksAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct)
    {
        if (await ActivityDirectory.NextOccurrenceAsync(db, activityId, now, ct) is not { } next)
        {
            return null;
        }
        var open = await db.HelpingTasks.Where(t => t.ActivityId == activityId && t.RemovedAt == null && !db.HelpingHands.Any(h => h.OccurrenceId == next.Id && h.TaskId == t.Id))
            .OrderBy(t => t.Id).ToListAsync(ct);
        return open.Count == 0 ? null : (next, open);
    }

    /// <summary>Queues the offer: the open tasks as buttons, then Not now.</summary>
    public static OutboxMessage Send(TurnContext ctx, string text, Occurrence occurrence, IEnumerable<HelpingTask> open)
    {
        var choices = open.Select(t => (TaskPrefix + Id(t.Id), t.Name)).ToList();
        choices.Add((NotNowChoice, ctx.T(HelpingHandsTexts.ButtonNotNow)));
        return ctx.SendChoice(text, OfferPurpose, Id(occurrence.Id), choices, out _);
    }

    /// <summary>"You have 'set the table' at Thursday dinner on …" with its Hand it back button.</summary>
    public static void SendYours(TurnContext ctx, string key, HelpingHand hand, HelpingTask task, Activity activity, Occurrence occurrence)
    {
        ctx.SendChoice(ctx.T(key, new Dictionary<string, string>
        {
            ["task"] = task.Name,
            ["activity"] = activity.Name,
            ["date"] = ctx.FormatDate(occurrence.StartsAt),
        }), BackPurpose, Id(hand.Id), [("b", ctx.T(HelpingHandsTexts.ButtonHandBack))], out _);
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A press on an offer: a task is taken (if still open and the occurrence still ahead), or Not now, which is never asked again.</summary>
public sealed class OfferButtons(ILogger<OfferButtons> log) : IButtonHandler
{
    public string Purpose => TaskOffers.OfferPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        if (choice == TaskOffers.NotNowChoice)
        {
            token.UsedAt = ctx.Now;
            token.UsedChoice = choice;
            var asked = await db.HelpingAsked.FindAsync([me.Id], ct);
            var wasAsked = asked is not null;
            if (asked is null)
            {
                db.HelpingAsked.Add(new HelpingAsked { PersonId = me.Id, SaidNotNow = true });
            }
            else
            {
                asked.SaidNotNow = true;
            }
            await ctx.ShowChosenAsync(messageId, ctx.T(HelpingHandsTexts.ButtonNotNow), ct: ct);
            ctx.Send(ctx.T(wasAsked ? HelpingHandsTexts.NotNow : HelpingHandsTexts.NotNowOffer));
            return;
        }
        var occurrence = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var oid) ? await db.Occurrences.FindAsync([oid], ct) : null;
        var task = choice.StartsWith(TaskOffers.TaskPrefix, StringComparison.Ordinal) && long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var tid)
            ? await db.HelpingTasks.FindAsync([tid], ct)
            : null;
        var activity = occurrence is null ? null : await db.Activities.FindAsync([occurrence.ActivityId], ct);
        if (occurrence is null || task is null || activity is null || task.ActivityId != occurrence.ActivityId || task.RemovedAt is not null
            || occurrence.CancelledAt is not null || occurrence.StartsAt <= ctx.Now)
        {
            await ctx.CloseButtonsAsync(messageId, HelpingHandsTexts.Gone, ct);
            return;
        }
        if (await db.HelpingHands.AnyAsync(h => h.OccurrenceId == occurrence.Id && h.TaskId == task.Id, ct))
        {
            ctx.ButtonAnswer = ctx.T(HelpingHandsTexts.AlreadyTaken);
            ctx.Send(ctx.ButtonAnswer);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        var hand = new HelpingHand { TaskId = task.Id, OccurrenceId = occurrence.Id, PersonId = me.Id, TakenAt = ctx.Now };
        db.HelpingHands.Add(hand);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Helping hand {HandId} taken for occurrence {OccurrenceId}", hand.Id, occurrence.Id);
        await ctx.ShowChosenAsync(messageId, task.Name, ct: ct);
        TaskOffers.SendYours(ctx, HelpingHandsTexts.Taken, hand, task, activity, occurrence);
    }
}

/// <summary>Hand it back: the task is open again, and nothing is kept of it. It costs nothing, ever.</summary>
public sealed class HandBackButtons(ILogger<HandBackButtons> log) : IButtonHandler
{
    public string Purpose => TaskOffers.BackPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var hand = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.HelpingHands.FindAsync([id], ct) : null;
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        if (hand is null || hand.PersonId != ctx.Person!.Id)
        {
            await ctx.CloseButtonsAsync(messageId, HelpingHandsTexts.Gone, ct);
            return;
        }
        db.HelpingHands.Remove(hand);
        log.LogInformation("Helping hand {HandId} handed back", hand.Id);
        await ctx.ShowChosenAsync(messageId, ctx.T(HelpingHandsTexts.ButtonHandBack), ct: ct);
        ctx.Send(ctx.T(HelpingHandsTexts.HandedBack));
    }
}

/// <summary>/help_out: the tasks the person has, each with Hand it back, and the open tasks of their activities' next times.</summary>
public sealed class HelpOutCommand : IChatCommand
{
    public string Name => "help_out";
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var mine = await (from h in db.HelpingHands
                          join t in db.HelpingTasks on h.TaskId equals t.Id
                          join o in db.Occurrences on h.OccurrenceId equals o.Id
                          join a in db.Activities on o.ActivityId equals a.Id
                          where h.PersonId == me.Id && o.StartsAt > ctx.Now && o.CancelledAt == null
                          orderby o.StartsAt, h.Id
                          select new { Hand = h, Task = t, Occurrence = o, Activity = a }).ToListAsync(ct);
        foreach (var item in mine)
        {
            TaskOffers.SendYours(ctx, HelpingHandsTexts.Yours, item.Hand, item.Task, item.Activity, item.Occurrence);
        }
        var activities = await (from m in db.ActivityMembers
                                join a in db.Activities on m.ActivityId equals a.Id
                                where m.PersonId == me.Id
                                orderby a.Name, a.Id
                                select a).ToListAsync(ct);
        var offered = false;
        foreach (var activity in activities)
        {
            if (await TaskOffers.OpenTasksAsync(db, activity.Id, ctx.Now, ct) is { } open)
            {
                TaskOffers.Send(ctx, ctx.T(HelpingHandsTexts.Offer, new Dictionary<string, string>
                {
                    ["activity"] = activity.Name,
                    ["date"] = ctx.FormatDate(open.Occurrence.StartsAt),
                }), open.Occurrence, open.Open);
                offered = true;
            }
        }
        if (!offered && mine.Count == 0)
        {
            ctx.Send(ctx.T(HelpingHandsTexts.NoneOpen));
        }
        ctx.RepromptCurrent();
    }
}

/// <summary>
/// The one warm question, after someone has come <see cref="HelpingHandsOptions.AskAfterTimes"/> times: would they like
/// to help with something small next time? Once per person, whatever the answer; never to approved volunteers or
/// hosts (they are asked in their own ways), nor to someone who paused.
/// </summary>
public sealed class HelpingAskStep(Nudges nudges, IOptions<HelpingHandsOptions> options) : IOccurrenceStep
{
    public const string StepName = "helping-ask";

    public string Name => StepName;

    public string Title => "Helping hands question";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) => occurrence.EndsAt.AddMinutes(options.Value.AskMinutesAfterEnd);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence, now, reach) = (run.Db, run.Place, run.Occurrence, run.Now, run.Reach);
        var activity = place.Activity;
        if (await TaskOffers.OpenTasksAsync(db, activity.Id, now, ct) is not { } open)
        {
            return StepOutcome.Done;
        }
        var times = options.Value.AskAfterTimes;
        var people = await (from r in db.Rsvps
                            join p in db.People on r.PersonId equals p.Id
                            where r.OccurrenceId == occurrence.Id && r.Answer == RsvpAnswer.Coming
                                && p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
                                && (p.PausedUntil == null || p.PausedUntil <= now)
                                && !db.HelpingAsked.Any(a => a.PersonId == p.Id)
                                && !db.ActivityMembers.Any(m => m.ActivityId == activity.Id && m.PersonId == p.Id && m.IsHost)
                                && !db.CommunityMembers.Any(m => m.CommunityId == activity.CommunityId && m.PersonId == p.Id && m.IsVolunteer)
                                && (from r2 in db.Rsvps
                                    join o2 in db.Occurrences on r2.OccurrenceId equals o2.Id
                                    where r2.PersonId == p.Id && o2.ActivityId == activity.Id && r2.Answer == RsvpAnswer.Coming
                                        && o2.CancelledAt == null && o2.StartsAt <= occurrence.StartsAt
                                    select o2.Id).Count() >= times
                            orderby p.Id
                            select p).ToListAsync(ct);
        foreach (var person in people)
        {
            var ctx = reach(person);
            var message = TaskOffers.Send(ctx, ctx.T(HelpingHandsTexts.Ask, new Dictionary<string, string>
            {
                ["activity"] = activity.Name,
                ["date"] = ctx.FormatDate(open.Occurrence.StartsAt),
            }), open.Occurrence, open.Open);
            message.NotBefore = nudges.QuietRelease(person, now, place.Zone);
            db.HelpingAsked.Add(new HelpingAsked { PersonId = person.Id });
        }
        return StepOutcome.Done;
    }
}

/// <summary>The host briefing and /today: who helps with what ("Karim – set the table").</summary>
public sealed class HelpingHandsBriefing : IBriefingSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, CancellationToken ct)
    {
        var hands = await (from h in ctx.Db.HelpingHands
                           join t in ctx.Db.HelpingTasks on h.TaskId equals t.Id
                           join p in ctx.Db.People on h.PersonId equals p.Id
                           where h.OccurrenceId == occurrence.Id
                           orderby t.Id
                           select new { Task = t.Name, Person = p }).ToListAsync(ct);
        if (hands.Count == 0)
        {
            return null;
        }
        var lines = new List<string> { ctx.T(HelpingHandsTexts.BriefingTitle) };
        lines.AddRange(hands.Select(h => ctx.T(HelpingHandsTexts.BriefingLine, new Dictionary<string, string>
        {
            ["name"] = ctx.NameOf(h.Person),
            ["task"] = h.Task,
        })));
        return string.Join("\n", lines);
    }
}
