using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

/// <summary>Gentle nudges: when, to whom, with which buttons, and that a "not today" costs nothing, ever.</summary>
public class NudgeTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    private static readonly DateTimeOffset Wednesday1700 = ParticipationKit.Wednesday1700;
    private static readonly DateTimeOffset Thursday1430 = ParticipationKit.Thursday1430;
    private static readonly DateTimeOffset Thursday1730 = ParticipationKit.Thursday1730;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task The_first_nudge_comes_the_day_before_at_17_with_three_buttons()
    {
        await _w.JoinAsync("anna");

        await _w.RunUntilAsync(Wednesday1700.AddMinutes(-1));
        Assert.Null(await _w.LastNudgeAsync("anna"));
        await _w.RunUntilAsync(Wednesday1700);

        var nudge = await _w.LastNudgeAsync("anna");
        Assert.NotNull(nudge);
        Assert.Equal("Hej Anna! Der er Torsdagsmiddag i morgen kl. 17:30 i Fælleshuset. Kommer du?", nudge.Text);
        Assert.Equal(Wednesday1700, nudge.CreatedAt);
        Assert.Null(nudge.NotBefore);
        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen"], Labels(nudge));
    }

    [SkippableFact]
    public async Task An_English_reader_gets_the_nudge_in_English()
    {
        await _w.JoinAsync("sam", language: "en");

        await _w.RunUntilAsync(Wednesday1700);

        var nudge = await _w.LastNudgeAsync("sam");
        Assert.Equal("Hi Sam! There's Torsdagsmiddag tomorrow at 17:30 at Fælleshuset. Are you coming?", nudge!.Text);
        Assert.Equal(["I'm coming", "Not today", "Come with someone"], Labels(nudge));
    }

    [SkippableFact]
    public async Task The_second_nudge_three_hours_before_goes_only_to_those_who_have_not_answered()
    {
        await _w.JoinAsync("anna");
        await _w.JoinAsync("karim");
        await _w.JoinAsync("lise");
        await _w.RunUntilAsync(Wednesday1700);
        await _h.Press("anna", "Jeg kommer");
        await _h.Press("karim", "Ikke i dag");
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(Thursday1430);

        Assert.Empty(await _w.InboxAsync("anna", mark));
        Assert.Empty(await _w.InboxAsync("karim", mark));
        var second = Assert.Single(await _w.InboxAsync("lise", mark));
        Assert.Equal("Torsdagsmiddag begynder i dag kl. 17:30 i Fælleshuset. Vi vil gerne se dig, og det er helt fint, hvis det ikke passer i dag.", second.Text);
        Assert.Equal(Thursday1430, second.CreatedAt);
        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen"], Labels(second));
    }

    [SkippableFact]
    public async Task Im_coming_gets_a_warm_reply_and_the_nudge_shows_the_answer_with_a_way_to_change_it()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(Wednesday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;

        var replies = await _h.Press("anna", "Jeg kommer");

        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 17:30."], replies.Texts);
        var edit = Assert.Single(replies.Edits);
        Assert.Equal(nudge.Id, edit.EditsMessageId);
        Assert.EndsWith("Jeg kommer", edit.Text, StringComparison.Ordinal);
        Assert.Equal(["Skift svar"], Labels(edit));
        await using var db = _h.Db();
        var rsvp = await db.Rsvps.SingleAsync();
        Assert.Equal(RsvpAnswer.Coming, rsvp.Answer);
    }

    [SkippableFact]
    public async Task Not_today_is_completely_fine_and_ends_the_nudges_for_that_time()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(Wednesday1700);

        var replies = await _h.Press("anna", "Ikke i dag");
        var mark = await _w.LastOutboxIdAsync();
        await _w.RunUntilAsync(Thursday1730);

        Assert.Equal(["Helt i orden. Vi ses en anden gang."], replies.Texts);
        Assert.Empty(await _w.InboxAsync("anna", mark));
    }

    [SkippableFact]
    public async Task Ten_not_todays_in_a_row_change_nothing_about_the_eleventh_nudge()
    {
        await _w.JoinAsync("anna");
        await _w.JoinAsync("karim");
        var firstWeek = new List<OutboxMessage>();
        for (var week = 0; week < 10; week++)
        {
            await _w.RunUntilAsync(Wednesday1700.AddDays(7 * week));
            var annas = (await _w.LastNudgeAsync("anna"))!;
            var karims = (await _w.LastNudgeAsync("karim"))!;
            if (week == 0)
            {
                firstWeek.Add(annas);
            }
            Assert.Equal(["Helt i orden. Vi ses en anden gang."], (await _h.Press("anna", "Ikke i dag")).Texts);
            await _h.Press("karim", "Jeg kommer");
            Assert.Equal(annas.Text.Replace("Anna", "X", StringComparison.Ordinal), karims.Text.Replace("Karim", "X", StringComparison.Ordinal));
        }

        await _w.RunUntilAsync(Wednesday1700.AddDays(70));

        var eleventh = (await _w.LastNudgeAsync("anna"))!;
        var karimsEleventh = (await _w.LastNudgeAsync("karim"))!;
        // The same words, the same buttons, the same time, no hold-back: as in week one, and as for someone who always came.
        Assert.Equal(firstWeek[0].Text, eleventh.Text);
        Assert.Equal(Labels(firstWeek[0]), Labels(eleventh));
        Assert.Equal(Wednesday1700.AddDays(70), eleventh.CreatedAt);
        Assert.Null(eleventh.NotBefore);
        Assert.Equal(eleventh.Text.Replace("Anna", "X", StringComparison.Ordinal), karimsEleventh.Text.Replace("Karim", "X", StringComparison.Ordinal));
        Assert.Equal(karimsEleventh.CreatedAt, eleventh.CreatedAt);
        // Nothing anywhere counts her no's: only the eleven answers themselves, one per dinner.
        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        Assert.Equal(10, await db.Rsvps.CountAsync(r => r.PersonId == anna.Id));
        Assert.Equal(11, await db.NudgesSent.CountAsync(n => n.PersonId == anna.Id));
    }

    [SkippableFact]
    public async Task A_nudge_due_in_quiet_hours_waits_until_nine()
    {
        await SetDinnerAsync(a => a.FirstNudgeAt = new TimeOnly(22, 0));
        await _w.JoinAsync("anna");

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 25, 22));

        var nudge = (await _w.LastNudgeAsync("anna"))!;
        Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 9), nudge.NotBefore);
        // Read at nine on Thursday, the dinner is "today".
        Assert.Contains("i dag kl. 17:30", nudge.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_nudge_whose_quiet_hours_last_until_the_start_is_dropped()
    {
        // A breakfast at 08:30: the evening nudge at 22:00 and the early one at 05:30 both fall in quiet hours.
        await SetDinnerAsync(a =>
        {
            a.StartsAt = new TimeOnly(8, 30);
            a.FirstNudgeAt = new TimeOnly(22, 0);
        });
        await _w.JoinAsync("anna");

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 8, 30));

        Assert.Null(await _w.LastNudgeAsync("anna"));
        var occurrence = (await _w.OccurrencesAsync()).First();
        var steps = await _w.StepsDoneAsync(occurrence.Id);
        Assert.NotNull(steps["first-nudge"]);
        Assert.NotNull(steps["second-nudge"]);
    }

    [SkippableFact]
    public async Task Someones_own_quiet_hours_are_kept()
    {
        await _w.JoinAsync("anna");
        await using (var db = _h.Db())
        {
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            anna.QuietFrom = new TimeOnly(16, 0);
            anna.QuietUntil = new TimeOnly(10, 0);
            await db.SaveChangesAsync();
        }

        await _w.RunUntilAsync(Wednesday1700);

        Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 10), (await _w.LastNudgeAsync("anna"))!.NotBefore);
    }

    [SkippableFact]
    public async Task No_nudge_to_someone_paused_unreachable_or_without_consent()
    {
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("bo", "/pause");
        await _h.Press("bo", "1 uge");
        await _w.JoinAsync("carl");
        await _w.JoinAsync("dora");
        await _h.Send("eve", "hej");
        await using (var db = _h.Db())
        {
            (await db.People.SingleAsync(p => p.ExternalId == "carl")).Unreachable = true;
            var eve = await db.People.SingleAsync(p => p.ExternalId == "eve");
            db.ActivityMembers.Add(new ActivityMember { ActivityId = _w.DinnerId, PersonId = eve.Id, JoinedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        await _h.Send("dora", "/pause");
        await _h.Press("dora", "Til jeg siger til");

        await _w.RunUntilAsync(Thursday1730);

        Assert.NotNull(await _w.LastNudgeAsync("anna"));
        foreach (var who in new[] { "bo", "carl", "dora", "eve" })
        {
            await using var db = _h.Db();
            var person = await db.People.SingleAsync(p => p.ExternalId == who);
            Assert.False(await db.NudgesSent.AnyAsync(n => n.PersonId == person.Id), $"{who} got a nudge");
        }
    }

    [SkippableFact]
    public async Task At_most_three_nudges_reach_one_person_in_seven_days()
    {
        await SetDinnerAsync(a => a.Days = WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday | WeekDays.Saturday | WeekDays.Sunday);
        await _w.JoinAsync("anna");

        await _w.RunUntilAsync(_h.Clock.GetUtcNow().AddDays(14));

        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        var sent = await db.NudgesSent.Where(n => n.PersonId == anna.Id).Select(n => n.SentAt).ToListAsync();
        Assert.True(sent.Count >= 5, $"only {sent.Count} nudges in two weeks");
        foreach (var start in sent)
        {
            Assert.InRange(sent.Count(s => s >= start && s < start.AddDays(7)), 1, 3);
        }
    }

    [SkippableFact]
    public async Task A_restart_loses_no_nudge_and_sends_none_twice()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(Wednesday1700);
        Assert.NotNull(await _w.LastNudgeAsync("anna"));
        var mark = await _w.LastOutboxIdAsync();

        await _h.RestartAsync();
        await _w.RunDueNowAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        await _w.RunDueNowAsync();

        Assert.Empty(await _w.InboxAsync("anna", mark));
        await _w.RunUntilAsync(Thursday1430);
        Assert.Single(await _w.InboxAsync("anna", mark));
    }

    [SkippableFact]
    public async Task A_nudge_missed_while_the_bot_was_down_goes_out_late_while_the_dinner_is_hours_away()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(Wednesday1700.AddHours(-1));

        // Down from 16:00 on Wednesday until 10:00 on Thursday.
        _h.Clock.SetUtcNow(ParticipationWorld.Local(2026, 11, 26, 10));
        await _w.RunDueNowAsync();

        var late = (await _w.LastNudgeAsync("anna"))!;
        Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 10), late.CreatedAt);
        Assert.Contains("i dag kl. 17:30", late.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_nudge_missed_while_the_bot_was_down_is_dropped_within_the_last_hour()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(Wednesday1700.AddHours(-1));

        _h.Clock.SetUtcNow(Thursday1730.AddMinutes(-45));
        await _w.RunDueNowAsync();

        Assert.Null(await _w.LastNudgeAsync("anna"));
        var occurrence = (await _w.OccurrencesAsync()).First();
        var steps = await _w.StepsDoneAsync(occurrence.Id);
        Assert.NotNull(steps["first-nudge"]);
        Assert.NotNull(steps["second-nudge"]);
    }

    [SkippableFact]
    public async Task A_one_off_date_gets_the_same_nudges_as_a_weekly_one()
    {
        await SetDinnerAsync(a => a.Days = WeekDays.None);
        await _w.JoinAsync("anna");
        var saturday = ParticipationWorld.Local(2026, 11, 28, 11);
        await using (var db = _h.Db())
        {
            db.Occurrences.Add(new Occurrence { ActivityId = _w.DinnerId, StartsAt = saturday, EndsAt = saturday.AddHours(3), CreatedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 27, 17));

        Assert.Single(await _w.OccurrencesAsync());
        Assert.Equal("Hej Anna! Der er Torsdagsmiddag i morgen kl. 11:00 i Fælleshuset. Kommer du?", (await _w.LastNudgeAsync("anna"))!.Text);
    }

    private async Task SetDinnerAsync(Action<Activity> change)
    {
        await using var db = _h.Db();
        var dinner = await db.Activities.SingleAsync(a => a.Id == _w.DinnerId);
        change(dinner);
        await db.SaveChangesAsync();
    }

    private static IReadOnlyList<string> Labels(OutboxMessage message) => ParticipationKit.Labels(message.ButtonsJson);
}

public sealed class NudgeTestsOnPostgres : NudgeTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
