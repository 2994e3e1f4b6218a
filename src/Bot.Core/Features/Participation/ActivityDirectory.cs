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

    /// <summary>The next occurrence that has not started and is not cancelled.</summary>
    public static Task<Occurrence?> NextOccurrenceAsync(MakkerDb db, long activityId, DateTimeOffset now, CancellationToken ct) =>
        db.Occurrences.Where(o => o.ActivityId == activityId && o.CancelledAt == null && o.StartsAt > now)
            .OrderBy(o => o.StartsAt).FirstOrDefaultAsync(ct);
}
