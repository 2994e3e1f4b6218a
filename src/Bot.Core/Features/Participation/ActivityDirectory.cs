using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>An activity with its community's time zone: what every participation step needs to speak about it.</summary>
public sealed record ActivityPlace(Activity Activity, TimeZoneInfo Zone);

public sealed class ActivityDirectory(IOptions<BotOptions> bot)
{
    public async Task<ActivityPlace?> FindAsync(MakkerDb db, long activityId, CancellationToken ct)
    {
        var activity = await db.Activities.FindAsync([activityId], ct);
        if (activity is null)
        {
            return null;
        }
        var community = await db.Communities.FindAsync([activity.CommunityId], ct);
        return new ActivityPlace(activity, LocalTimes.Zone(community?.TimeZone, bot.Value.DefaultTimeZone));
    }

    /// <summary>Every activity that meets on weekdays at a set time, with its zone: two reads however many there are.</summary>
    public async Task<List<ActivityPlace>> WeeklyAsync(MakkerDb db, CancellationToken ct)
    {
        var activities = await db.Activities.Where(a => a.Days != WeekDays.None && a.StartsAt != null).OrderBy(a => a.Id).ToListAsync(ct);
        var zones = await db.Communities.ToDictionaryAsync(c => c.Id, c => c.TimeZone, ct);
        return activities.Select(a => new ActivityPlace(a, LocalTimes.Zone(zones.GetValueOrDefault(a.CommunityId), bot.Value.DefaultTimeZone))).ToList();
    }

    /// <summary>The coordinators of a community who can be reached.</summary>
    public static Task<List<Person>> CoordinatorsAsync(MakkerDb db, long communityId, CancellationToken ct) =>
        (from m in db.CommunityMembers
         join p in db.People on m.PersonId equals p.Id
         where m.CommunityId == communityId && m.IsCoordinator && p.Consent == ConsentState.Given && !p.Unreachable
         orderby p.Id
         select p).ToListAsync(ct);

    /// <summary>The next occurrence that has not started and is not cancelled.</summary>
    public static Task<Occurrence?> NextOccurrenceAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct) =>
        db.Occurrences.Where(o => o.ActivityId == activityId && o.CancelledAt == null && o.StartsAt > now)
            .OrderBy(o => o.StartsAt).FirstOrDefaultAsync(ct);
}
