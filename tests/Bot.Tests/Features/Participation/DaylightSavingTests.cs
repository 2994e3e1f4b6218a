using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

/// <summary>
/// Schedules are local: a Sunday activity at 17:30 stays at 17:30 in Copenhagen across the last Sundays of
/// March and October, and its nudges stay at 17:00 the day before.
/// </summary>
public class DaylightSavingTests : RunsOnBothDatabases, IAsyncLifetime
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h, a => a.Days = WeekDays.Sunday);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableTheory]
    // Summer time starts on Sunday 28 March 2027 (02:00 → 03:00) and ends on Sunday 31 October 2027 (03:00 → 02:00).
    [InlineData(2027, 3, 20, 2027, 3, 21, "16:30", 2027, 3, 28, "15:30")]
    [InlineData(2027, 10, 23, 2027, 10, 24, "15:30", 2027, 10, 31, "16:30")]
    public async Task A_weekly_activity_keeps_its_local_time_and_nudges_across_the_change(
        int fromY, int fromM, int fromD, int y1, int m1, int d1, string utcBefore, int y2, int m2, int d2, string utcAfter)
    {
        _h.Clock.SetUtcNow(new DateTimeOffset(fromY, fromM, fromD, 8, 0, 0, TimeSpan.Zero));
        await _w.JoinAsync("anna");
        var weekBefore = new DateTimeOffset(new DateOnly(y1, m1, d1).ToDateTime(TimeOnly.Parse(utcBefore)), TimeSpan.Zero);
        var dayOfChange = new DateTimeOffset(new DateOnly(y2, m2, d2).ToDateTime(TimeOnly.Parse(utcAfter)), TimeSpan.Zero);

        await _w.RunUntilAsync(dayOfChange.AddDays(-1).AddHours(-1));
        var occurrences = await _w.OccurrencesAsync();
        Assert.Contains(occurrences, o => o.StartsAt == weekBefore);
        Assert.Contains(occurrences, o => o.StartsAt == dayOfChange);
        Assert.All(occurrences, o => Assert.Equal(new TimeOnly(17, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(o.StartsAt, Copenhagen).DateTime)));

        // The nudge for the Sunday of the change comes on Saturday at 17:00 local, whatever the offset that day.
        var saturday1700 = LocalTimes.ToInstant(new DateOnly(y2, m2, d2).AddDays(-1), new TimeOnly(17, 0), Copenhagen);
        await _w.RunUntilAsync(saturday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;
        Assert.Equal(saturday1700, nudge.CreatedAt);
        Assert.Contains("i morgen kl. 17:30", nudge.Text, StringComparison.Ordinal);

        // The second nudge, three hours before: 14:30 local on the day itself.
        var mark = await _w.LastOutboxIdAsync();
        await _w.RunUntilAsync(dayOfChange.AddHours(-3));
        var second = Assert.Single(await _w.InboxAsync("anna", mark));
        Assert.Equal(new TimeOnly(14, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(second.CreatedAt, Copenhagen).DateTime));
    }

    [SkippableFact]
    public void A_local_time_skipped_in_spring_moves_forward_by_the_gap()
    {
        var instant = LocalTimes.ToInstant(new DateOnly(2027, 3, 28), new TimeOnly(2, 30), Copenhagen);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), instant);
        Assert.Equal(new TimeOnly(3, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Copenhagen).DateTime));
    }

    [SkippableFact]
    public void A_local_time_that_happens_twice_in_autumn_is_the_first_of_the_two()
    {
        var instant = LocalTimes.ToInstant(new DateOnly(2027, 10, 31), new TimeOnly(2, 30), Copenhagen);

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), instant);
    }

    [SkippableFact]
    public void Quiet_hours_end_at_nine_local_on_both_sides_of_the_change()
    {
        var nudges = new Nudges(Microsoft.Extensions.Options.Options.Create(new ParticipationOptions()));
        var person = new Person { Channel = "test", ExternalId = "x" };

        var saturdayNight = LocalTimes.ToInstant(new DateOnly(2027, 3, 27), new TimeOnly(23, 0), Copenhagen);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 7, 0, 0, TimeSpan.Zero), nudges.QuietRelease(person, saturdayNight, Copenhagen));
        var autumnNight = LocalTimes.ToInstant(new DateOnly(2027, 10, 30), new TimeOnly(23, 0), Copenhagen);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero), nudges.QuietRelease(person, autumnNight, Copenhagen));
        Assert.Null(nudges.QuietRelease(person, LocalTimes.ToInstant(new DateOnly(2027, 10, 31), new TimeOnly(12, 0), Copenhagen), Copenhagen));
    }
}

public sealed class DaylightSavingTestsOnPostgres : DaylightSavingTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
