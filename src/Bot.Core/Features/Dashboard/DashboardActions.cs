using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Dashboard;

/// <summary>An announcement as it would go: to how many, and the text exactly as they get it.</summary>
public sealed record BroadcastPreview(int Recipients, string AsSent);

/// <summary>Why a role change on the dashboard changed nothing.</summary>
public enum RoleRefusal
{
    AlreadyAnswered,
    LastCoordinator,
    AlreadyChanged,
}

/// <summary>
/// What a coordinator does on the dashboard besides setting up (<see cref="CommunitySetup"/>): announcements and roles,
/// through the same code as /announce and /roles in the chat, each in one transaction, as the acting coordinator.
/// </summary>
public sealed class DashboardActions(ConversationEngine engine, Nudges nudges, DialogCatalog catalog, RoleChanges roles, OutboxSignal signal,
    IOptions<BotOptions> bot, CommunitySetup setup, IEnumerable<IActivityCreated> activityCreated, IdeaReviews ideaReviews)
{
    public const int MaxBroadcastLength = 1000;

    /// <summary>The audiences a community's announcement can go to, as the values the composer posts: everyone, one activity, volunteers, hosts.</summary>
    public static IReadOnlyList<(string Value, BroadcastAudience Audience, Activity? Activity)> Audiences(IReadOnlyList<Activity> activities) =>
    [
        ("c", BroadcastAudience.Community, null),
        .. activities.Select(a => ("a" + a.Id.ToString(CultureInfo.InvariantCulture), BroadcastAudience.Activity, (Activity?)a)),
        ("v", BroadcastAudience.Volunteers, null),
        ("h", BroadcastAudience.Hosts, null),
    ];

    /// <summary>An announcement's text: not empty, at most <see cref="MaxBroadcastLength"/> characters.</summary>
    public static bool IsAcceptableText(string? text) => text?.Trim() is { Length: > 0 and <= MaxBroadcastLength };

    /// <summary>An announcement to one of this community's groups, or null when the text or the audience is not acceptable.</summary>
    public static async Task<Broadcast?> DraftAsync(MakkerDb db, Community community, long personId, string? text, string? audience, DateTimeOffset now, CancellationToken ct)
    {
        if (!IsAcceptableText(text))
        {
            return null;
        }
        text = text!.Trim();
        var chosen = Audiences(await DashboardQueries.ActivitiesAsync(db, community.Id, ct)).FirstOrDefault(a => a.Value == audience);
        return chosen.Value is null
            ? null
            : new Broadcast { CommunityId = community.Id, CoordinatorPersonId = personId, Text = text, Audience = chosen.Audience, ActivityId = chosen.Activity?.Id, CreatedAt = now };
    }

    /// <summary>How the announcement will look, in the sender's language, and how many reachable people get it (not the sender).</summary>
    public async Task<BroadcastPreview> PreviewAsync(MakkerDb db, Community community, Broadcast draft, Person sender, string language, CancellationToken ct)
    {
        var recipients = (await Makker.Features.Announcements.Audiences.RecipientsAsync(db, draft, ct)).Count(p => !p.Unreachable && p.Id != sender.Id);
        return new BroadcastPreview(recipients, AnnounceCommand.Compose(catalog, language, draft.Text, sender.FirstName ?? "", community.Name));
    }

    /// <summary>Sends the announcement as /announce does: one copy per reachable recipient, held by quiet hours unless urgent, audited.</summary>
    public async Task<bool> SendAsync(MakkerDb db, long communityId, long senderId, string? text, string? audience, bool urgent, string language,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await DashboardQueries.CoordinatedAsync(db, senderId, communityId, ct) is not { } community
            || await DraftAsync(db, community, senderId, text, audience, now, ct) is not { } draft
            || await db.People.FindAsync([senderId], ct) is not { } sender)
        {
            return false;
        }
        db.Broadcasts.Add(draft);
        await db.SaveChangesAsync(ct);
        var contexts = new List<TurnContext>();
        await AnnounceCommand.QueueCopiesAsync(db, nudges, draft, sender.Id, urgent,
            AnnounceCommand.Compose(catalog, language, draft.Text, sender.FirstName ?? "", community.Name), now, bot.Value.DefaultTimeZone,
            (person, zone) =>
            {
                var ctx = engine.CreateOutreach(db, person, now, zone);
                contexts.Add(ctx);
                return ctx;
            }, ct);
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        return true;
    }

    /// <summary>Approves a waiting request for a role, or says "not now", as in /roles; null when done.</summary>
    public Task<RoleRefusal?> DecideAsync(MakkerDb db, long communityId, long actorId, long personId, string role, bool approve, DateTimeOffset now, CancellationToken ct) =>
        ChangeAsync(db, communityId, actorId, personId, now, async (me, person, actor) =>
            await roles.DecideAsync(db, me, communityId, person, role, approve, now, (p, zone) => actor.ReachOut(p, zone), ct) ? null : RoleRefusal.AlreadyAnswered, ct);

    /// <summary>Takes a role away, as in /roles; null when done.</summary>
    public Task<RoleRefusal?> TakeAwayAsync(MakkerDb db, long communityId, long actorId, long personId, string role, long? activityId, DateTimeOffset now, CancellationToken ct) =>
        ChangeAsync(db, communityId, actorId, personId, now, async (me, person, actor) =>
            await roles.TakeAwayAsync(db, me, role, communityId, activityId, person, now, (p, zone) => actor.ReachOut(p, zone), ct) switch
            {
                null => null,
                CoordinationTexts.LastCoordinator => RoleRefusal.LastCoordinator,
                _ => RoleRefusal.AlreadyChanged,
            }, ct);

    /// <summary>One change to a person's role, written as the acting coordinator: the person is told kindly, the change audited.</summary>
    private async Task<RoleRefusal?> ChangeAsync(MakkerDb db, long communityId, long actorId, long personId, DateTimeOffset now,
        Func<Person, Person, TurnContext, Task<RoleRefusal?>> change, CancellationToken ct)
    {
        RoleRefusal? refusal = RoleRefusal.AlreadyChanged;
        var done = await ActAsync(db, communityId, actorId, now, async (actor, _) =>
            await db.People.FindAsync([personId], ct) is { } person && (refusal = await change(actor.Person!, person, actor)) is null, ct);
        return done ? null : refusal;
    }

    /// <summary>
    /// One change in one transaction, written as the acting coordinator while they coordinate the community; what it
    /// says to people goes to the outbox with it. False, and nothing saved, when the change says no or another
    /// coordinator changed the same thing first.
    /// </summary>
    private async Task<bool> ActAsync(MakkerDb db, long communityId, long actorId, DateTimeOffset now, Func<TurnContext, Community, Task<bool>> change,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await DashboardQueries.CoordinatedAsync(db, actorId, communityId, ct) is not { } community
            || await db.People.FindAsync([actorId], ct) is not { } me)
        {
            return false;
        }
        var actor = engine.CreateOutreach(db, me, now, LocalTimes.Zone(community.TimeZone, bot.Value.DefaultTimeZone));
        if (!await change(actor, community))
        {
            return false;
        }
        try
        {
            await engine.SaveOutreachTurnAsync(actor, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // an idea another coordinator decided on a moment before: the first answer counts
        }
        await tx.CommitAsync(ct);
        signal.Pulse();
        return true;
    }

    /// <summary>
    /// A new activity, through <see cref="CommunitySetup"/> as the chat's wizard; made from one of the community's ideas,
    /// the idea is realised and its proposer asked whether they'd like to help host it, as after the chat's wizard.
    /// </summary>
    public Task<bool> CreateActivityAsync(MakkerDb db, long communityId, long actorId, ActivityFields fields, long? ideaId, DateTimeOffset now, CancellationToken ct) =>
        ActAsync(db, communityId, actorId, now, async (actor, _) =>
        {
            var activity = await setup.CreateActivityAsync(db, actorId, communityId, fields, inviteLifetime: null, now, ct);
            var data = new Dictionary<string, string>();
            if (ideaId is { } id)
            {
                data[IdeaReviews.IdeaKey] = id.ToString(CultureInfo.InvariantCulture);
            }
            foreach (var hook in activityCreated)
            {
                await hook.OnActivityCreatedAsync(actor, activity, data, ct);
            }
            return true;
        }, ct);

    /// <summary>Share with everyone or Keep to us, as under the idea in the chat; false when it was decided already.</summary>
    public Task<bool> DecideIdeaAsync(MakkerDb db, long communityId, long actorId, long ideaId, bool share, DateTimeOffset now, CancellationToken ct) =>
        ActAsync(db, communityId, actorId, now, (actor, _) => ideaReviews.DecideAsync(actor, communityId, ideaId, share, ct), ct);

    /// <summary>Adds a small task to one of the community's activities, as /newtask does; the name is checked by <see cref="HelpingTaskChanges.Name"/>.</summary>
    public Task<bool> AddTaskAsync(MakkerDb db, long communityId, long actorId, long activityId, string? name, DateTimeOffset now, CancellationToken ct) =>
        ActAsync(db, communityId, actorId, now, async (actor, _) =>
        {
            if (HelpingTaskChanges.Name(name) is not { } valid
                || await db.Activities.FirstOrDefaultAsync(a => a.Id == activityId && a.CommunityId == communityId, ct) is not { } activity)
            {
                return false;
            }
            HelpingTaskChanges.Add(actor, activity, valid);
            return true;
        }, ct);

    /// <summary>Renames a small task, or (no name) removes it and tells whoever took it for a time ahead, as /newtask does.</summary>
    public Task<bool> ChangeTaskAsync(MakkerDb db, long communityId, long actorId, long taskId, string? name, bool remove, DateTimeOffset now, CancellationToken ct) =>
        ActAsync(db, communityId, actorId, now, async (actor, _) =>
        {
            var found = await (from t in db.HelpingTasks
                               join a in db.Activities on t.ActivityId equals a.Id
                               where t.Id == taskId && t.RemovedAt == null && a.CommunityId == communityId
                               select new { Task = t, Activity = a }).FirstOrDefaultAsync(ct);
            if (found is null)
            {
                return false;
            }
            if (remove)
            {
                await HelpingTaskChanges.RemoveAsync(actor, found.Activity, found.Task, actor.TimeZone, ct);
                return true;
            }
            if (HelpingTaskChanges.Name(name) is not { } valid)
            {
                return false;
            }
            HelpingTaskChanges.Rename(actor, found.Activity, found.Task, valid);
            return true;
        }, ct);
}
