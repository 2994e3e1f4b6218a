using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Announcements;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Demo;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Dashboard;

public sealed record CommunityLink(long Id, string Name);

/// <summary>One occurrence in the next two weeks: local time, answers so far, and each shift's places taken.</summary>
public sealed record UpcomingRow(long OccurrenceId, DateTime LocalStart, string ActivityName, bool Cancelled, int Coming, int NotToday, IReadOnlyList<ShiftCoverage> Shifts);

public sealed record ShiftCoverage(string Role, int Taken, int Needed);

/// <summary>One bar: a week (its label, such as "2026-W47") and a number of people, shown as "&lt;5" under five.</summary>
public sealed record WeekBar(string Week, int People)
{
    public string Shown => Figures.Shown(People);

    public bool Suppressed => People < CheckInOptions.SmallestShownGroup;
}

/// <summary>Last month's answers to one check-in question, each answer with its number of people.</summary>
public sealed record AnswerRow(string Question, IReadOnlyList<(string Answer, string Shown)> Answers);

/// <summary>
/// From participant to contributor, month by month (the bars' labels are months, such as "2026-11"): who came, of them
/// who helped with a small task, ideas proposed from the activity and ideas of it that became activities, and who was
/// approved as a volunteer.
/// </summary>
public sealed record ContributorMonths(IReadOnlyList<WeekBar> Came, IReadOnlyList<WeekBar> Helped, IReadOnlyList<WeekBar> IdeasProposed,
    IReadOnlyList<WeekBar> IdeasRealised, IReadOnlyList<WeekBar> BecameVolunteers);

public sealed record ActivityNumbers(Activity Activity, IReadOnlyList<WeekBar> Coming, IReadOnlyList<WeekBar> Answered, string Month, IReadOnlyList<AnswerRow> Answers,
    ContributorMonths Contributors);

/// <summary>An activity's small task as the dashboard lists it.</summary>
public sealed record TaskRow(long Id, long ActivityId, string Name);

/// <param name="Activities">The activities on this page of the community's activities (all of them in most communities).</param>
/// <param name="DemoHistory">The demo community, whose past weeks are made-up numbers (the page says so).</param>
/// <param name="Tasks">Each activity's small tasks (not the removed ones), by activity id.</param>
/// <param name="Page">Which page of <see cref="DashboardQueries.ActivitiesPerPage"/> activities this is, from 1.</param>
public sealed record CommunityOverview(Community Community, IReadOnlyList<Activity> Activities, IReadOnlyList<UpcomingRow> Upcoming, IReadOnlyList<ActivityNumbers> Numbers,
    bool DemoHistory, ILookup<long, TaskRow> Tasks, int Page = 1, int Pages = 1, int TotalActivities = 0)
{
    /// <summary>The place of this page's first activity among all of them, from 1.</summary>
    public int FirstShown => (Page - 1) * DashboardQueries.ActivitiesPerPage + 1;

    public int LastShown => FirstShown + Activities.Count - 1;
}

/// <summary>An idea as the coordinators see it: its words, where it stands, how many would join (<see cref="Interest"/>, shown under the &lt;5 rule).</summary>
public sealed record IdeaRow(long Id, string Text, IdeaStatus Status, DateTimeOffset ProposedAt, int Interest, string? BecameActivity)
{
    /// <summary>Fewer than five would join: the page says "a few", as the chat does, never the number.</summary>
    public bool InterestSuppressed => Interest < CheckInOptions.SmallestShownGroup;
}

public sealed record AuditRow(DateTimeOffset At, string? Who, string Action, string? Detail);

public sealed record BroadcastRow(long Id, DateTimeOffset ConfirmedAt, string Text, bool Stopped, int Sent, int Pending, int Failed);

public sealed record RoleRow(long PersonId, string Name, HeldRole Role);

/// <summary>
/// What the coordinators' dashboard shows, read with a fixed number of queries however many activities, occurrences,
/// broadcasts or people there are. The pages only show these and post to <see cref="DashboardActions"/>.
/// </summary>
public sealed class DashboardQueries(IOptions<BotOptions> bot)
{
    public const int ChartWeeks = 12;
    public const int ChartMonths = 6;
    public const int MaxIdeasListed = 100;

    /// <summary>
    /// Activities per page of a community's page: every activity brings its form, its next two weeks and its charts, so a
    /// community with hundreds of them is shown a page at a time instead of as megabytes no one can read.
    /// </summary>
    public const int ActivitiesPerPage = 20;
    public const int UpcomingDays = 14;

    public static Task<List<CommunityLink>> CommunitiesAsync(MakkerDb db, long personId, CancellationToken ct) =>
        db.Communities.Where(c => Coordinators.CommunitiesOf(db, personId).Contains(c.Id))
            .OrderBy(c => c.Name).Select(c => new CommunityLink(c.Id, c.Name)).ToListAsync(ct);

    /// <summary>The community, if the person coordinates it; checked on every request.</summary>
    public static Task<Community?> CoordinatedAsync(MakkerDb db, long personId, long communityId, CancellationToken ct) =>
        db.Communities.Where(c => c.Id == communityId && Coordinators.CommunitiesOf(db, personId).Contains(c.Id)).FirstOrDefaultAsync(ct);

    public static Task<bool> IsCoordinatorAnywhereAsync(MakkerDb db, long personId, CancellationToken ct) =>
        db.CommunityMembers.AnyAsync(m => m.PersonId == personId && m.IsCoordinator, ct);

    public static Task<List<Activity>> ActivitiesAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        db.Activities.Where(a => a.CommunityId == communityId).OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(ct);

    public TimeZoneInfo ZoneOf(Community community) => LocalTimes.Zone(community.TimeZone, bot.Value.DefaultTimeZone);

    /// <summary>
    /// The community's page: its activities, the next two weeks, and twelve weeks of numbers per activity, for one page of
    /// <see cref="ActivitiesPerPage"/> activities (a page past the last shows the last).
    /// </summary>
    /// <param name="containing">An activity whose page to show instead (its form was posted with a problem to show).</param>
    public async Task<CommunityOverview> OverviewAsync(MakkerDb db, Community community, DialogCatalog catalog, string language, DateTimeOffset now, CancellationToken ct,
        int page = 1, long? containing = null)
    {
        var zone = ZoneOf(community);
        var all = await ActivitiesAsync(db, community.Id, ct);
        var pages = Math.Max(1, (all.Count + ActivitiesPerPage - 1) / ActivitiesPerPage);
        if (containing is { } shown && all.FindIndex(a => a.Id == shown) is >= 0 and var index)
        {
            page = index / ActivitiesPerPage + 1;
        }
        page = Math.Clamp(page, 1, pages);
        var activities = all.Skip((page - 1) * ActivitiesPerPage).Take(ActivitiesPerPage).ToList();
        var ids = activities.Select(a => a.Id).ToList();
        var names = activities.ToDictionary(a => a.Id, a => a.Name);

        var horizon = now.AddDays(UpcomingDays);
        var occurrences = await db.Occurrences.Where(o => ids.Contains(o.ActivityId) && o.StartsAt > now && o.StartsAt < horizon)
            .OrderBy(o => o.StartsAt).ThenBy(o => o.Id).ToListAsync(ct);
        var occurrenceIds = occurrences.Select(o => o.Id).ToList();
        var answers = (await db.Rsvps.Where(r => occurrenceIds.Contains(r.OccurrenceId))
            .GroupBy(r => new { r.OccurrenceId, r.Answer }).Select(g => new { g.Key.OccurrenceId, g.Key.Answer, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(a => (a.OccurrenceId, a.Answer), a => a.Count);
        var shifts = (await db.Shifts.Where(s => occurrenceIds.Contains(s.OccurrenceId)).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct))
            .ToLookup(s => s.OccurrenceId);
        var upcoming = occurrences.Select(o => new UpcomingRow(o.Id, LocalTimes.ToLocal(o.StartsAt, zone), names[o.ActivityId], o.CancelledAt is not null,
            answers.GetValueOrDefault((o.Id, RsvpAnswer.Coming)), answers.GetValueOrDefault((o.Id, RsvpAnswer.NotToday)),
            shifts[o.Id].Select(s => new ShiftCoverage(ShiftMoments.RoleName(catalog, language, s.Role), s.Taken, s.Needed)).ToList())).ToList();

        var places = activities.Select(a => new ActivityPlace(a, zone)).ToList();
        var current = Period.Containing(PeriodKind.Week, LocalTimes.LocalDate(now, zone));
        var weeks = Enumerable.Range(0, ChartWeeks).Select(i => new Period(PeriodKind.Week, current.Start.AddDays(-7 * (ChartWeeks - 1 - i)))).ToList();
        var thisMonth = Period.Containing(PeriodKind.Month, LocalTimes.LocalDate(now, zone));
        var month = thisMonth.Previous;
        var months = Enumerable.Range(0, ChartMonths).Select(i => new Period(PeriodKind.Month, thisMonth.Start.AddMonths(i - (ChartMonths - 1)))).ToList();
        var figures = await EvaluationNumbers.FiguresManyAsync(db, places, [.. weeks, .. months], now, ct);
        List<WeekBar> Monthly(long activityId, Func<PeriodFigures, int> figure) => months.Select(m => new WeekBar(m.Label, figure(figures[(activityId, m)]))).ToList();
        var numbers = activities.Select(a => new ActivityNumbers(
            a,
            weeks.Select(w => new WeekBar(w.Label, figures[(a.Id, w)].Coming)).ToList(),
            weeks.Select(w => new WeekBar(w.Label, figures[(a.Id, w)].Questions.Sum(q => q.Answered))).ToList(),
            month.Label,
            figures[(a.Id, month)].Questions.Select(q => new AnswerRow(
                CheckInQuestions.QuestionText(catalog, q.Variant, q.QuestionId, language),
                q.Answers.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => (CheckInQuestions.AnswerLabel(catalog, q.Variant, q.QuestionId, x.Key, language), Figures.Shown(x.Value))).ToList())).ToList(),
            new ContributorMonths(Monthly(a.Id, f => f.Coming), Monthly(a.Id, f => f.Helped), Monthly(a.Id, f => f.IdeasProposed),
                Monthly(a.Id, f => f.IdeasBecameActivities), Monthly(a.Id, f => f.BecameVolunteers))))
            .ToList();
        var tasks = (await db.HelpingTasks.Where(t => ids.Contains(t.ActivityId) && t.RemovedAt == null).OrderBy(t => t.Id)
            .Select(t => new TaskRow(t.Id, t.ActivityId, t.Name)).ToListAsync(ct)).ToLookup(t => t.ActivityId);
        return new CommunityOverview(community, activities, upcoming, numbers, await DemoSeeder.CommunityIdAsync(db, ct) == community.Id, tasks, page, pages, all.Count);
    }

    /// <summary>
    /// The community's ideas, newest first (those waiting for a decision before the rest, those that became activities
    /// last), each with how many would join and the activity it became: one query.
    /// </summary>
    public static Task<List<IdeaRow>> IdeasAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        (from i in db.Ideas
         join a in db.Activities on i.BecameActivityId equals a.Id into became
         from a in became.DefaultIfEmpty()
         where i.CommunityId == communityId
         orderby i.Status == IdeaStatus.Waiting ? 0 : i.Status == IdeaStatus.BecameActivity ? 2 : 1, i.ProposedAt descending, i.Id descending
         select new IdeaRow(i.Id, i.Text, i.Status, i.ProposedAt, db.IdeaInterest.Count(x => x.IdeaId == i.Id), a == null ? null : a.Name))
        .Take(MaxIdeasListed).ToListAsync(ct);

    /// <summary>One of the community's ideas still to be made an activity, for the new-activity form it opens; null otherwise.</summary>
    public static Task<Idea?> IdeaToRealiseAsync(MakkerDb db, long communityId, long ideaId, CancellationToken ct) =>
        db.Ideas.FirstOrDefaultAsync(i => i.Id == ideaId && i.CommunityId == communityId && i.Status != IdeaStatus.BecameActivity, ct);

    /// <summary>The newest 200 changes in a community, with the first name of who made each (none once they are forgotten).</summary>
    public static Task<List<AuditRow>> AuditAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        (from a in db.AuditLog
         join p in db.People on a.PersonId equals p.Id into who
         from p in who.DefaultIfEmpty()
         where a.CommunityId == communityId
         orderby a.At descending, a.Id descending
         select new AuditRow(a.At, p == null ? null : p.FirstName, a.Action, a.Detail)).Take(200).ToListAsync(ct);

    /// <summary>The newest 50 announcements sent, each with its copies sent, waiting and failed: two queries.</summary>
    public static async Task<List<BroadcastRow>> BroadcastsAsync(MakkerDb db, long communityId, CancellationToken ct)
    {
        var broadcasts = await db.Broadcasts.Where(b => b.CommunityId == communityId && b.ConfirmedAt != null)
            .OrderByDescending(b => b.ConfirmedAt).ThenByDescending(b => b.Id).Take(50).ToListAsync(ct);
        var ids = broadcasts.Select(b => (long?)b.Id).ToList();
        var copies = (await db.Outbox.Where(o => ids.Contains(o.BroadcastId)).GroupBy(o => new { o.BroadcastId, o.Status })
            .Select(g => new { g.Key.BroadcastId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => (c.BroadcastId!.Value, c.Status), c => c.Count);
        return broadcasts.Select(b => new BroadcastRow(b.Id, b.ConfirmedAt!.Value, b.Text, b.CancelledAt is not null,
            copies.GetValueOrDefault((b.Id, OutboxStatus.Sent)), copies.GetValueOrDefault((b.Id, OutboxStatus.Pending)),
            copies.GetValueOrDefault((b.Id, OutboxStatus.Failed)) + b.Unreachable)).ToList();
    }

    /// <summary>Who holds or waits for which role in the community, with first names.</summary>
    /// <param name="unnamed">What to call someone who holds a role but has not said hello (so no name is stored): it
    /// gets their number, so a coordinator can tell two of them apart.</param>
    public static async Task<List<RoleRow>> RolesAsync(MakkerDb db, long actorId, long communityId, Func<long, string> unnamed, CancellationToken ct)
    {
        var held = await RoleChanges.RolesInAsync(db, actorId, communityId, ct);
        var ids = held.Select(h => h.PersonId).Distinct().ToList();
        var names = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName, ct);
        return held.Select(h => new RoleRow(h.PersonId, names.GetValueOrDefault(h.PersonId) ?? unnamed(h.PersonId), h)).ToList();
    }
}
