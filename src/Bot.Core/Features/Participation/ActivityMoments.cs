using System.Globalization;
using Makker.Conversations;
using Makker.Storage;

namespace Makker.Features.Participation;

/// <summary>How an occurrence is named in a message: "i morgen kl. 17:30", the place, the meeting point.</summary>
public static class ActivityMoments
{
    public static string When(TurnContext ctx, DateTimeOffset startsAt, TimeZoneInfo zone, DateTimeOffset? readAt = null)
    {
        var local = LocalTimes.ToLocal(startsAt, zone);
        var today = LocalTimes.LocalDate(readAt ?? ctx.Now, zone);
        var date = DateOnly.FromDateTime(local);
        var values = new Dictionary<string, string> { ["time"] = ctx.FormatTime(local) };
        if (date == today)
        {
            return ctx.T(ParticipationTexts.WhenToday, values);
        }
        if (date == today.AddDays(1))
        {
            return ctx.T(ParticipationTexts.WhenTomorrow, values);
        }
        values["date"] = ctx.FormatDate(local);
        return ctx.T(ParticipationTexts.WhenDate, values);
    }

    /// <summary>A clock time the same in every language, for the dashboard; a person's messages use <see cref="TurnContext.FormatTime(DateTime)"/>.</summary>
    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Place(Activity activity) => activity.Place ?? activity.Name;

    public static string MeetingPoint(TurnContext ctx, Activity activity) =>
        string.IsNullOrWhiteSpace(activity.MeetingPoint)
            ? ctx.T(ParticipationTexts.MeetingDefault, new Dictionary<string, string> { ["place"] = Place(activity) })
            : activity.MeetingPoint;

    public static Dictionary<string, string> Values(TurnContext ctx, Activity activity, Occurrence occurrence, TimeZoneInfo zone, DateTimeOffset? readAt = null) => new()
    {
        ["activity"] = activity.Name,
        ["place"] = Place(activity),
        ["when"] = When(ctx, occurrence.StartsAt, zone, readAt),
    };
}
