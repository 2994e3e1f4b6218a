using System.Globalization;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>The fields of an activity, checked the same way in the chat's wizard and on the dashboard.</summary>
public sealed record ActivityFields(string Name, string? Place, WeekDays Days, TimeOnly StartsAt, int Minutes)
{
    public const int MaxName = 120;
    public const int MaxPlace = 200;
    public const int MinMinutes = 15;
    public const int MaxMinutes = 720;

    public const string NameField = "name";
    public const string PlaceField = "place";
    public const string TimeField = "time";
    public const string MinutesField = "minutes";

    /// <summary>
    /// The fields, trimmed, or null with the fields that are wrong: the name empty or too long, the place too long, the
    /// time not like 17:30, the length of time outside 15-720 minutes.
    /// </summary>
    public static ActivityFields? Read(string? name, string? place, WeekDays days, string? time, int? minutes, out IReadOnlyList<string> problems)
    {
        name = name?.Trim() ?? "";
        place = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        var wrong = new List<string>();
        if (name.Length is 0 or > MaxName)
        {
            wrong.Add(NameField);
        }
        if (place?.Length > MaxPlace)
        {
            wrong.Add(PlaceField);
        }
        if (!TimeOnly.TryParseExact(time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startsAt))
        {
            wrong.Add(TimeField);
        }
        if (minutes is not (>= MinMinutes and <= MaxMinutes))
        {
            wrong.Add(MinutesField);
        }
        problems = wrong;
        return wrong.Count == 0 ? new ActivityFields(name, place, days, startsAt, minutes!.Value) : null;
    }
}

/// <summary>
/// Creating and changing communities and activities: one code path for the chat's wizards and the dashboard. The
/// caller has checked that the person may do it; every change is audited and a new or re-timed activity is planned.
/// </summary>
public sealed class CommunitySetup(OccurrencePlanner planner, IOptions<BotOptions> options)
{
    public const int MaxCommunityName = 120;

    /// <summary>A community's name, trimmed, or null when it is empty or longer than <see cref="MaxCommunityName"/>.</summary>
    public static string? CommunityName(string? name) => name?.Trim() is { Length: > 0 and <= MaxCommunityName } trimmed ? trimmed : null;

    /// <summary>A new community in the default time zone, with its creator as its coordinator.</summary>
    public async Task<Community> CreateCommunityAsync(MakkerDb db, long personId, string name, DateTimeOffset now, CancellationToken ct)
    {
        var community = new Community { Name = name.Trim(), TimeZone = options.Value.DefaultTimeZone, CreatedAt = now };
        db.Communities.Add(community);
        await db.SaveChangesAsync(ct);
        db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = personId, IsCoordinator = true, JoinedAt = now });
        Audit.Add(db, personId, community.Id, "community.create", community.Name, now);
        await db.SaveChangesAsync(ct);
        return community;
    }

    /// <summary>Renames a community; audited when the name changes.</summary>
    public static async Task RenameCommunityAsync(MakkerDb db, long personId, Community community, string name, DateTimeOffset now, CancellationToken ct)
    {
        name = name.Trim();
        if (community.Name != name)
        {
            Audit.Add(db, personId, community.Id, "community.edit", $"navn: {community.Name} → {name}", now);
            community.Name = name;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>A new activity, audited and planned. <paramref name="inviteLifetime"/>: how long its invite code works (null: until changed).</summary>
    public async Task<Activity> CreateActivityAsync(MakkerDb db, long personId, long communityId, ActivityFields fields, TimeSpan? inviteLifetime,
        DateTimeOffset now, CancellationToken ct)
    {
        var activity = new Activity
        {
            CommunityId = communityId,
            Name = fields.Name,
            Place = fields.Place,
            Days = fields.Days,
            StartsAt = fields.StartsAt,
            DurationMinutes = fields.Minutes,
            InviteCode = Invites.NewCode(),
            InviteExpiresAt = inviteLifetime is { } lifetime ? now.Add(lifetime) : null,
            CreatedAt = now,
        };
        db.Activities.Add(activity);
        await db.SaveChangesAsync(ct);
        Audit.Add(db, personId, communityId, "activity.create", $"{activity.Id}: {activity.Name}", now);
        await db.SaveChangesAsync(ct);
        await planner.PlanActivityAsync(db, activity.Id, now, ct);
        return activity;
    }

    /// <summary>Changes an activity; what changed is audited, and new days or times apply to the occurrences not yet announced.</summary>
    public async Task EditActivityAsync(MakkerDb db, long personId, Activity activity, ActivityFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var changes = new List<string>();
        if (activity.Name != fields.Name)
        {
            changes.Add($"navn: {activity.Name} → {fields.Name}");
        }
        if (activity.Place != fields.Place)
        {
            changes.Add($"sted: {activity.Place} → {fields.Place}");
        }
        var scheduleChanged = activity.Days != fields.Days || activity.StartsAt != fields.StartsAt || activity.DurationMinutes != fields.Minutes;
        if (scheduleChanged)
        {
            changes.Add($"tid: {activity.Days} {activity.StartsAt:HH\\:mm} {activity.DurationMinutes} min → {fields.Days} {fields.StartsAt:HH\\:mm} {fields.Minutes} min");
        }
        (activity.Name, activity.Place, activity.Days, activity.StartsAt, activity.DurationMinutes) = (fields.Name, fields.Place, fields.Days, fields.StartsAt, fields.Minutes);
        if (changes.Count > 0)
        {
            Audit.Add(db, personId, activity.CommunityId, "activity.edit", $"{activity.Id}: {string.Join("; ", changes)}", now);
        }
        await db.SaveChangesAsync(ct);
        if (scheduleChanged)
        {
            await planner.ReplanActivityAsync(db, activity.Id, now, ct);
        }
    }
}
