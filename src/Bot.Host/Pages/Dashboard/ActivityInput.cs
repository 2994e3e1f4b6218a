using System.Globalization;
using Makker.Features.Participation;

namespace Makker.Host.Pages.Dashboard;

/// <summary>What an activity form posts, as typed; the rules are <see cref="Makker.Features.Coordination.ActivityFields"/>.</summary>
public sealed class ActivityInput
{
    public string? Name { get; set; }
    public string? Place { get; set; }
    /// <summary>The new-activity form's one weekday (.NET day number, Sunday = 0), or -1 for none.</summary>
    public int Day { get; set; } = -1;
    /// <summary>The edit form's ticked weekdays.</summary>
    public int[] Days { get; set; } = [];
    public string? Time { get; set; }
    public int? Minutes { get; set; }
    /// <summary>The idea the new activity is made from ("Make an activity" on the ideas page), if any.</summary>
    public long? Idea { get; set; }

    public static ActivityInput From(Activity a) => new()
    {
        Name = a.Name,
        Place = a.Place,
        Days = [.. Enumerable.Range(0, 7).Where(d => a.Days.HasFlag((WeekDays)(1 << d)))],
        Time = a.StartsAt?.ToString("HH:mm", CultureInfo.InvariantCulture),
        Minutes = a.DurationMinutes,
    };

    /// <summary>The weekdays as posted, or null when one is not a day.</summary>
    public WeekDays? WeekDays(bool single)
    {
        var days = Makker.Features.Participation.WeekDays.None;
        foreach (var d in single ? (Day < 0 ? [] : [Day]) : Days)
        {
            if (d is < 0 or > 6)
            {
                return null;
            }
            days |= (WeekDays)(1 << d);
        }
        return days;
    }
}

/// <summary>One activity form on the page: where it posts, what it shows, and the problems found when it was last posted.</summary>
public sealed record ActivityFormView(string Key, string Action, bool IsNew, ActivityInput Values, IReadOnlyDictionary<string, string> Errors);
