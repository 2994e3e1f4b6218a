namespace Makker.Features.Participation;

/// <summary>Local wall-clock times to instants and back, right across daylight-saving changes.</summary>
public static class LocalTimes
{
    /// <summary>
    /// The instant a local date and time happen in a zone. A time that does not exist (the hour skipped in
    /// spring) moves forward by the gap; a time that happens twice (autumn) is the first of the two.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var offsetBefore = zone.GetUtcOffset(local.AddHours(-3));
            var offsetAfter = zone.GetUtcOffset(local.AddHours(3));
            local = local.Add(offsetAfter - offsetBefore);
        }
        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(instant, zone));

    public static TimeZoneInfo Zone(string? id, string fallback)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? fallback : id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(fallback);
        }
    }
}
