using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>A feature's part of a new activity made in the wizard (an idea that became it), with what the wizard gathered.</summary>
public interface IActivityCreated
{
    Task OnActivityCreatedAsync(TurnContext ctx, Activity activity, IReadOnlyDictionary<string, string> data, CancellationToken ct);
}

/// <summary>
/// The code behind the set-up dialogs (dialogs/coordination_*.yaml): the choices built from the database, the
/// checks of times and numbers, and what gets created. Every step that changes something checks again that the
/// person coordinates the community it is for, because a dialog can outlive a role.
/// </summary>
public sealed class WizardSteps(Coordinators coordinators, ActivityDirectory directory, CommunitySetup setup, IOptions<BotOptions> options,
    IEnumerable<IActivityCreated> activityCreated)
    : IDialogActionSource, IButtonHandler
{
    public const string Purpose = "coord";

    private const string Community = "community";
    private const string ActivityKey = "activity";
    private const string NameKey = "name";
    private const string PlaceKey = "place";
    private const string Days = "days";
    private const string TimeKey = "time";
    private const string Duration = "duration";
    private const string Role = "role";
    private const string From = "from";
    private const string To = "to";
    private const string Needed = "needed";
    private const string Member = "member";
    private const string As = "as";
    private const string AsHost = "host";
    private const string AsCoordinator = "coordinator";
    private const string DaysDone = "o";
    private const string IdeaTextKey = "idea_text";
    private const int MaxNeeded = 50;

    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "H.mm", "HH.mm"];
    private static readonly DayOfWeek[] WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    string IButtonHandler.Purpose => Purpose;

    public IEnumerable<DialogAction> Actions =>
    [
        new("coord.create_community", CreateCommunityAsync),
        new("coord.pick_community", PickCommunityAsync),
        // Begun from an idea (/ideas, "Make it an activity"): the name is asked with the idea beside it.
        new("coord.from_idea", (ctx, frame, _, _) => Task.FromResult(frame.Data.ContainsKey(IdeaTextKey) ? "name_idea" : null)),
        new("coord.pick_days", (ctx, frame, _, _) => Task.FromResult<string?>(OfferDays(ctx, frame))),
        new("coord.check_time", (ctx, frame, _, _) => Task.FromResult(CheckTime(frame, TimeKey, null) ? null : "time_bad")),
        new("coord.check_duration", (ctx, frame, _, _) => Task.FromResult(CheckDuration(frame) ? null : "duration_bad")),
        new("coord.create_activity", CreateActivityAsync),
        new("coord.pick_activity", PickActivityAsync),
        new("coord.pick_role", (ctx, frame, _, _) => Task.FromResult<string?>(OfferRoles(ctx, frame))),
        new("coord.check_from", (ctx, frame, _, _) => Task.FromResult(CheckTime(frame, From, null) ? null : "from_bad")),
        new("coord.check_to", (ctx, frame, _, _) => Task.FromResult(CheckTime(frame, To, frame.Data.GetValueOrDefault(From)) ? null : "to_bad")),
        new("coord.check_needed", (ctx, frame, _, _) => Task.FromResult(CheckNeeded(frame) ? null : "needed_bad")),
        new("coord.create_shift", CreateShiftAsync),
        new("coord.pick_member", PickMemberAsync),
        new("coord.pick_appointment", PickAppointmentAsync),
        new("coord.appoint", AppointAsync),
    ];

    // ---- /newcommunity

    private async Task<string?> CreateCommunityAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (!await coordinators.MayCreateCommunitiesAsync(ctx.Db, ctx.Person!, ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.CannotCreateCommunity));
            return DialogCatalog.End;
        }
        var community = await setup.CreateCommunityAsync(ctx.Db, ctx.Person!.Id, frame.Data[NameKey], ctx.Now, ct);
        // The dialog's next step may add the community's partners (partners.add_for_new).
        frame.Data[Community] = Id(community.Id);
        ctx.RolesChanged(ctx.Person!);
        ctx.Send(ctx.T(CoordinationTexts.CommunityCreated, new Dictionary<string, string> { [NameKey] = community.Name }));
        return null;
    }

    // ---- /newactivity

    private static async Task<string?> PickCommunityAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (long.TryParse(frame.Data.GetValueOrDefault(Community), CultureInfo.InvariantCulture, out var chosen)
            && await Coordinators.CoordinatesAsync(ctx.Db, ctx.Person!.Id, chosen, ct))
        {
            return null; // chosen already (the wizard began from one of this community's ideas)
        }
        var communities = await ctx.Db.Communities.Where(c => Coordinators.CommunitiesOf(ctx.Db, ctx.Person!.Id).Contains(c.Id))
            .OrderBy(c => c.Name).ToListAsync(ct);
        switch (communities.Count)
        {
            case 0:
                ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
                return DialogCatalog.End;
            case 1:
                frame.Data[Community] = Id(communities[0].Id);
                return null;
            default:
                ctx.SendChoice(ctx.T(CoordinationTexts.ChooseCommunity), Purpose, frame.Id,
                    communities.Select(c => ("c" + Id(c.Id), c.Name)).ToList(), out _);
                return DialogAction.WaitForButtons;
        }
    }

    private static string OfferDays(TurnContext ctx, DialogFrame frame)
    {
        ctx.SendChoice(ctx.T(CoordinationTexts.ChooseDays), Purpose, frame.Id, DayChoices(ctx, WeekDays.None), out _);
        return DialogAction.WaitForButtons;
    }

    private static IReadOnlyList<(string Id, string Label)> DayChoices(TurnContext ctx, WeekDays chosen)
    {
        var choices = WeekOrder.Select(day =>
        {
            var name = DayName(ctx, day);
            var on = chosen.HasFlag(Flag(day));
            return ("d" + (int)day, on ? ctx.T(CoordinationTexts.DayChosen, new Dictionary<string, string> { ["day"] = name }) : name);
        }).ToList();
        choices.Add((DaysDone, ctx.T(CoordinationTexts.ButtonDaysDone)));
        return choices;
    }

    private static bool CheckTime(DialogFrame frame, string key, string? after)
    {
        if (!TryTime(frame.Data.GetValueOrDefault(key), out var time) || (after is not null && TryTime(after, out var start) && time <= start))
        {
            return false;
        }
        frame.Data[key] = time.ToString("HH:mm", CultureInfo.InvariantCulture);
        return true;
    }

    private static bool CheckDuration(DialogFrame frame)
    {
        var text = frame.Data.GetValueOrDefault(Duration);
        if (!TimeSpan.TryParseExact(text?.Replace('.', ':'), ["h\\:mm", "hh\\:mm"], CultureInfo.InvariantCulture, out var length)
            || length <= TimeSpan.Zero || length > TimeSpan.FromHours(12))
        {
            return false;
        }
        frame.Data[Duration] = ((int)length.TotalMinutes).ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private async Task<string?> CreateActivityAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        var db = ctx.Db;
        var communityId = long.Parse(frame.Data[Community], CultureInfo.InvariantCulture);
        if (!await Coordinators.CoordinatesAsync(db, ctx.Person!.Id, communityId, ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
            return DialogCatalog.End;
        }
        var fields = new ActivityFields(frame.Data[NameKey], frame.Data[PlaceKey], (WeekDays)int.Parse(frame.Data[Days], CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(frame.Data[TimeKey], "HH:mm", CultureInfo.InvariantCulture), int.Parse(frame.Data[Duration], CultureInfo.InvariantCulture));
        // A code shown in a chat works for two weeks; /invite gives it another end date, or none, or a new code.
        var activity = await setup.CreateActivityAsync(db, ctx.Person!.Id, communityId, fields, Invites.WizardCodeLifetime, ctx.Now, ct);
        var place = (await directory.FindAsync(db, activity.Id, ct))!;
        var next = await ActivityDirectory.NextOccurrenceAsync(db, activity.Id, ctx.Now, ct);
        var values = next is null
            ? new Dictionary<string, string> { [ActivityKey] = activity.Name }
            : ActivityMoments.Values(ctx, activity, next, place.Zone);
        values["code"] = activity.InviteCode ?? "";
        ctx.Send(ctx.T(next is null ? CoordinationTexts.ActivityCreatedNoDate : CoordinationTexts.ActivityCreated, values));
        InviteCommand.SendLifetime(ctx, activity);
        foreach (var hook in activityCreated)
        {
            await hook.OnActivityCreatedAsync(ctx, activity, frame.Data, ct);
        }
        return null;
    }

    // ---- /newshift and /appoint

    private static async Task<string?> PickActivityAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        var activities = await CoordinatedActivities(ctx).ToListAsync(ct);
        switch (activities.Count)
        {
            case 0:
                ctx.Send(ctx.T(CoordinationTexts.NoActivities));
                return DialogCatalog.End;
            case 1:
                frame.Data[ActivityKey] = Id(activities[0].Id);
                return null;
            default:
                ctx.SendChoice(ctx.T(CoordinationTexts.ChooseActivity), Purpose, frame.Id,
                    activities.Select(a => ("a" + Id(a.Id), a.Name)).ToList(), out _);
                return DialogAction.WaitForButtons;
        }
    }

    /// <summary>The activities of every community the person coordinates, for /newshift, /appoint and /invite.</summary>
    public static IQueryable<Activity> CoordinatedActivities(TurnContext ctx) =>
        ctx.Db.Activities.Where(a => Coordinators.CommunitiesOf(ctx.Db, ctx.Person!.Id).Contains(a.CommunityId)).OrderBy(a => a.Name).ThenBy(a => a.Id);

    private static string OfferRoles(TurnContext ctx, DialogFrame frame)
    {
        var roles = ShiftMoments.Roles(ctx.Catalog);
        ctx.SendChoice(ctx.T(CoordinationTexts.ChooseRole), Purpose, frame.Id,
            roles.Select((r, i) => ("r" + i.ToString(CultureInfo.InvariantCulture), ShiftMoments.RoleName(ctx, r))).ToList(), out _);
        return DialogAction.WaitForButtons;
    }

    private static bool CheckNeeded(DialogFrame frame)
    {
        if (!int.TryParse(frame.Data.GetValueOrDefault(Needed), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxNeeded)
        {
            return false;
        }
        frame.Data[Needed] = n.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static async Task<string?> CreateShiftAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            return DialogCatalog.End;
        }
        var template = new ShiftTemplate
        {
            ActivityId = activity.Id,
            Role = frame.Data[Role],
            StartsAt = TimeOnly.ParseExact(frame.Data[From], "HH:mm", CultureInfo.InvariantCulture),
            EndsAt = TimeOnly.ParseExact(frame.Data[To], "HH:mm", CultureInfo.InvariantCulture),
            Needed = int.Parse(frame.Data[Needed], CultureInfo.InvariantCulture),
            CreatedAt = ctx.Now,
        };
        ctx.Db.ShiftTemplates.Add(template);
        Audit.Add(ctx.Db, ctx.Person!.Id, activity.CommunityId, "shift.create", $"{activity.Id}: {template.Role} {frame.Data[From]}-{frame.Data[To]} x{template.Needed}", ctx.Now);
        ctx.Send(ctx.T(CoordinationTexts.ShiftCreated, new Dictionary<string, string>
        {
            [Role] = ShiftMoments.RoleName(ctx, template.Role),
            [ActivityKey] = activity.Name,
            [From] = frame.Data[From],
            [To] = frame.Data[To],
            [Needed] = frame.Data[Needed],
        }));
        return null;
    }

    private static async Task<string?> PickMemberAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity)
        {
            return DialogCatalog.End;
        }
        var members = await MembersOf(ctx, activity.Id).ToListAsync(ct);
        if (members.Count == 0)
        {
            ctx.Send(ctx.T(CoordinationTexts.NoMembers, new Dictionary<string, string> { [ActivityKey] = activity.Name }));
            return DialogCatalog.End;
        }
        ctx.SendChoice(ctx.T(CoordinationTexts.ChooseMember), Purpose, frame.Id,
            members.Select(p => ("p" + Id(p.Id), ctx.NameOf(p))).ToList(), out _);
        return DialogAction.WaitForButtons;
    }

    private static IQueryable<Person> MembersOf(TurnContext ctx, long activityId) =>
        ctx.Db.People.Where(p => p.Consent == ConsentState.Given && ctx.Db.ActivityMembers.Any(m => m.ActivityId == activityId && m.PersonId == p.Id))
            .OrderBy(p => p.FirstName).ThenBy(p => p.Id);

    private static async Task<string?> PickAppointmentAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await ActivityOf(ctx, frame, ct) is not { } activity || await ctx.Db.People.FindAsync([long.Parse(frame.Data[Member], CultureInfo.InvariantCulture)], ct) is not { } person)
        {
            return DialogCatalog.End;
        }
        var community = (await ctx.Db.Communities.FindAsync([activity.CommunityId], ct))!;
        ctx.SendChoice(ctx.T(CoordinationTexts.ChooseAppointment, new Dictionary<string, string> { [NameKey] = ctx.NameOf(person) }), Purpose, frame.Id,
        [
            ("h", ctx.T(CoordinationTexts.ButtonMakeHost, new Dictionary<string, string> { [ActivityKey] = activity.Name })),
            ("k", ctx.T(CoordinationTexts.ButtonMakeCoordinator, new Dictionary<string, string> { [Community] = community.Name })),
        ], out _);
        return DialogAction.WaitForButtons;
    }

    private async Task<string?> AppointAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        var db = ctx.Db;
        if (await ActivityOf(ctx, frame, ct) is not { } activity || await db.People.FindAsync([long.Parse(frame.Data[Member], CultureInfo.InvariantCulture)], ct) is not { } person)
        {
            return DialogCatalog.End;
        }
        var community = (await db.Communities.FindAsync([activity.CommunityId], ct))!;
        var name = new Dictionary<string, string> { [NameKey] = ctx.NameOf(person) };
        bool changed;
        if (frame.Data[As] == AsHost)
        {
            var membership = await db.ActivityMembers.FindAsync([activity.Id, person.Id], ct);
            changed = membership is { IsHost: false };
            if (membership is not null)
            {
                membership.IsHost = true;
            }
        }
        else
        {
            var membership = await db.CommunityMembers.FindAsync([community.Id, person.Id], ct);
            if (membership is null)
            {
                membership = new CommunityMember { CommunityId = community.Id, PersonId = person.Id, JoinedAt = ctx.Now };
                db.CommunityMembers.Add(membership);
            }
            changed = !membership.IsCoordinator;
            membership.IsCoordinator = true;
        }
        if (!changed)
        {
            ctx.Send(ctx.T(CoordinationTexts.AlreadyAppointed, name));
            return null;
        }
        ctx.Send(ctx.T(CoordinationTexts.Appointed, name));
        ctx.RolesChanged(person);
        Audit.Add(db, ctx.Person!.Id, community.Id, frame.Data[As] == AsHost ? "appoint.host" : "appoint.coordinator",
            $"person {person.Id}, activity {activity.Id}", ctx.Now);
        if (person.Id != ctx.Person!.Id)
        {
            var toPerson = ctx.ReachOut(person, LocalTimes.Zone(community.TimeZone, options.Value.DefaultTimeZone));
            toPerson.Send(toPerson.T(frame.Data[As] == AsHost ? CoordinationTexts.AppointedHostToPerson : CoordinationTexts.AppointedCoordinatorToPerson,
                new Dictionary<string, string>
                {
                    [NameKey] = toPerson.NameOf(ctx.Person),
                    [ActivityKey] = activity.Name,
                    [Community] = community.Name,
                }));
        }
        return null;
    }

    /// <summary>The activity the dialog is about, only while the person coordinates its community; otherwise says no.</summary>
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

    // ---- the buttons the steps above built

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var frame = ctx.CurrentFrame;
        if (frame is null || frame.Id != token.Args || choice.Length == 0)
        {
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            return;
        }
        var value = choice[1..];
        string? label;
        switch (choice[0])
        {
            case 'd' when int.TryParse(value, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 6:
                // The message shows the days so far; only "Done" moves the dialog on.
                var days = CurrentDays(frame) ^ Flag((DayOfWeek)d);
                frame.Data[Days] = ((int)days).ToString(CultureInfo.InvariantCulture);
                await ctx.RestoreAsync(messageId, TurnContext.ChoiceRows(token.Token, DayChoices(ctx, days)), ct);
                return;
            case 'o':
                if (CurrentDays(frame) == WeekDays.None)
                {
                    ctx.ButtonAnswer = ctx.T(CoordinationTexts.ChooseAtLeastOneDay);
                    ctx.Send(ctx.ButtonAnswer);
                    return;
                }
                label = string.Join(", ", WeekOrder.Where(day => CurrentDays(frame).HasFlag(Flag(day))).Select(day => DayName(ctx, day)));
                break;
            case 'c' when long.TryParse(value, CultureInfo.InvariantCulture, out var c)
                && await Coordinators.CoordinatesAsync(ctx.Db, ctx.Person!.Id, c, ct) && await ctx.Db.Communities.FindAsync([c], ct) is { } community:
                frame.Data[Community] = Id(c);
                label = community.Name;
                break;
            case 'a' when long.TryParse(value, CultureInfo.InvariantCulture, out var a)
                && await Coordinators.CoordinatedActivityAsync(ctx.Db, ctx.Person!.Id, a, ct) is { } activity:
                frame.Data[ActivityKey] = Id(a);
                label = activity.Name;
                break;
            case 'r' when int.TryParse(value, CultureInfo.InvariantCulture, out var r) && ShiftMoments.Roles(ctx.Catalog) is var roles && r >= 0 && r < roles.Count:
                frame.Data[Role] = roles[r];
                label = ShiftMoments.RoleName(ctx, roles[r]);
                break;
            case 'p' when long.TryParse(value, CultureInfo.InvariantCulture, out var p)
                && long.TryParse(frame.Data.GetValueOrDefault(ActivityKey), CultureInfo.InvariantCulture, out var of)
                && await Coordinators.CoordinatedActivityAsync(ctx.Db, ctx.Person!.Id, of, ct) is not null
                && await MembersOf(ctx, of).FirstOrDefaultAsync(x => x.Id == p, ct) is { } person:
                frame.Data[Member] = Id(p);
                label = ctx.NameOf(person);
                break;
            case 'h' or 'k' when frame.Data.ContainsKey(Member):
                frame.Data[As] = choice[0] == 'h' ? AsHost : AsCoordinator;
                label = null;
                break;
            default:
                // A choice this person may not make (another community's activity) or one from an older version.
                token.UsedAt = ctx.Now;
                await ctx.RestoreAsync(messageId, ct: ct);
                ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
                await ctx.ContinueDialogAsync(frame, DialogCatalog.End, ct);
                return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        if (label is null)
        {
            await ctx.RestoreAsync(messageId, ct: ct);
        }
        else
        {
            await ctx.ShowChosenAsync(messageId, label, ct: ct);
        }
        var step = ctx.Catalog.Dialogs.TryGetValue(frame.Dialog, out var dialog) && dialog.Steps.TryGetValue(frame.Step, out var s) ? s : null;
        await ctx.ContinueDialogAsync(frame, step?.Next ?? DialogCatalog.End, ct);
    }

    private static WeekDays CurrentDays(DialogFrame frame) =>
        int.TryParse(frame.Data.GetValueOrDefault(Days), CultureInfo.InvariantCulture, out var mask) ? (WeekDays)mask : WeekDays.None;

    private static WeekDays Flag(DayOfWeek day) => (WeekDays)(1 << (int)day);

    private static string DayName(TurnContext ctx, DayOfWeek day)
    {
        var name = ctx.Culture.DateTimeFormat.GetDayName(day);
        return char.ToUpper(name[0], ctx.Culture) + name[1..];
    }

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
