using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Participation;

/// <summary>A cancelled occurrence, presses on old nudges, and the same answer pressed twice.</summary>
public class CancellationTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    private const string Cancelled = "Torsdagsmiddag i morgen kl. 17:30 er desværre aflyst. Vi ses en anden gang.";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        foreach (var who in new[] { "anna", "bo", "carl", "dora" })
        {
            await _w.JoinAsync(who);
        }
        await _w.MakeBuddyAsync("eva");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<Occurrence> ThisWeekAsync() => (await _w.OccurrencesAsync())[0];

    private async Task<bool> CancelAsync(DateTimeOffset? at = null) =>
        await _h.Services.GetRequiredService<OccurrenceCancellation>()
            .CancelAsync((await ThisWeekAsync()).Id, at ?? _h.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<int> RsvpCountAsync()
    {
        await using var db = _h.Db();
        return await db.Rsvps.CountAsync();
    }

    [SkippableFact]
    public async Task Everyone_who_said_they_would_come_hears_it_and_not_today_people_hear_nothing()
    {
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));
        await _h.Press("bo", T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("carl", T(ParticipationTexts.ButtonNotToday));
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var mark = await _w.LastOutboxIdAsync();

        Assert.True(await CancelAsync());

        Assert.Equal([Cancelled], (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        Assert.Equal([Cancelled], (await _w.InboxAsync("bo", mark)).Select(m => m.Text));
        Assert.Empty(await _w.InboxAsync("carl", mark));
        Assert.Empty(await _w.InboxAsync("dora", mark));
        var occurrence = await ThisWeekAsync();
        Assert.Equal(_h.Clock.GetUtcNow(), occurrence.CancelledAt);
        await using var db = _h.Db();
        Assert.Equal(CompanyStatus.Withdrawn, (await db.CompanyRequests.SingleAsync()).Status);

        // Cancelling twice does nothing more.
        Assert.False(await CancelAsync());
        Assert.Single(await _w.InboxAsync("anna", mark));
    }

    [SkippableFact]
    public async Task A_buddy_who_said_yes_hears_it_too()
    {
        await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("eva", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();

        Assert.True(await CancelAsync());

        Assert.Equal([Cancelled], (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        Assert.Equal([Cancelled], (await _w.InboxAsync("eva", mark)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task Pressing_the_old_nudge_afterwards_gets_the_cancelled_line_and_stores_nothing()
    {
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));
        Assert.True(await CancelAsync());
        var (nudgeId, _) = await _h.FindButtonAsync("dora", T(ParticipationTexts.ButtonComing));

        var dora = await _h.Press("dora", T(ParticipationTexts.ButtonComing));

        Assert.Equal(T(ParticipationTexts.RsvpCancelled), dora.ButtonAnswer);
        Assert.Equal([T(ParticipationTexts.RsvpCancelled)], dora.Texts);
        Assert.Empty(await _h.ButtonsShownAsync(nudgeId));
        var anna = await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonChangeAnswer));
        Assert.Equal(T(ParticipationTexts.RsvpCancelled), anna.ButtonAnswer);
        await using var db = _h.Db();
        var rsvps = await db.Rsvps.ToListAsync();
        Assert.Equal(RsvpAnswer.Coming, Assert.Single(rsvps).Answer);
    }

    [SkippableFact]
    public async Task No_second_nudge_and_no_briefing_are_sent_for_a_cancelled_time()
    {
        Assert.True(await CancelAsync());
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1730.AddHours(1));

        foreach (var who in new[] { "hanne", "anna", "bo", "carl", "dora", "eva" })
        {
            Assert.Empty(await _w.InboxAsync(who, mark));
        }
        var occurrence = await ThisWeekAsync();
        var steps = await _w.StepsDoneAsync(occurrence.Id);
        Assert.Null(steps["second-nudge"] ?? steps["briefing"]);
        // Next week goes on as usual.
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 12, 2, 17));
        Assert.Equal(ParticipationWorld.Local(2026, 12, 2, 17), (await _w.LastNudgeAsync("dora"))!.CreatedAt);
    }

    [SkippableFact]
    public async Task A_time_that_has_started_cannot_be_cancelled()
    {
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));
        var mark = await _w.LastOutboxIdAsync();

        Assert.False(await CancelAsync(ParticipationKit.Thursday1730));

        Assert.Empty(await _w.InboxAsync("anna", mark));
        Assert.Null((await ThisWeekAsync()).CancelledAt);
    }

    [SkippableFact]
    public async Task The_same_answer_pressed_twice_replies_once()
    {
        var (nudgeId, coming) = await _h.FindButtonAsync("anna", T(ParticipationTexts.ButtonComing));
        var first = await _h.PressPayload("anna", coming.Payload, nudgeId);
        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 17:30."], first.Texts);
        var answeredAt = _h.Clock.GetUtcNow();
        _h.Clock.Advance(TimeSpan.FromMinutes(2));

        var second = await _h.PressPayload("anna", coming.Payload, nudgeId);

        Assert.Equal(T(ParticipationTexts.RsvpNoted), second.ButtonAnswer);
        Assert.Empty(second.Rows);
        await using var db = _h.Db();
        var rsvp = await db.Rsvps.SingleAsync();
        Assert.Equal((RsvpAnswer.Coming, answeredAt), (rsvp.Answer, rsvp.AnsweredAt));
    }

    [SkippableFact]
    public async Task Not_today_pressed_twice_replies_once()
    {
        var first = await _h.Press("carl", T(ParticipationTexts.ButtonNotToday));
        Assert.Equal([T(ParticipationTexts.RsvpNotToday)], first.Texts);

        var second = await _h.Press("carl", T(ParticipationTexts.ButtonNotToday));

        Assert.Equal(T(ParticipationTexts.RsvpNoted), second.ButtonAnswer);
        Assert.Empty(second.Rows);
    }

    [SkippableFact]
    public async Task Asking_for_company_twice_asks_the_buddies_once()
    {
        await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        var mark = await _w.LastOutboxIdAsync();

        var second = await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));

        Assert.Equal(T(ParticipationTexts.RsvpNoted), second.ButtonAnswer);
        Assert.Empty(second.Rows);
        Assert.Empty(await _w.InboxAsync("eva", mark));
        await using var db = _h.Db();
        Assert.Single(await db.CompanyRequests.ToListAsync());
    }

    [SkippableFact]
    public async Task A_press_on_last_weeks_nudge_after_it_started_is_too_late_and_stores_nothing()
    {
        var nudge = (await _w.LastNudgeAsync("anna"))!;
        var coming = Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Single(b => b.Label == T(ParticipationTexts.ButtonComing));
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 12, 1, 10));

        var late = await _h.PressPayload("anna", coming.Payload, nudge.Id);

        Assert.Equal(T(ParticipationTexts.RsvpTooLate), late.ButtonAnswer);
        Assert.Equal([T(ParticipationTexts.RsvpTooLate)], late.Texts);
        Assert.Empty(ParticipationKit.Labels(Assert.Single(late.Edits).ButtonsJson));
        Assert.Equal(nudge.Id, late.Edits[0].EditsMessageId);
        Assert.Equal(0, await RsvpCountAsync());
    }

    [SkippableFact]
    public async Task A_press_a_minute_after_the_start_is_too_late_too()
    {
        var nudge = (await _w.LastNudgeAsync("bo"))!;
        var notToday = Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Single(b => b.Label == T(ParticipationTexts.ButtonNotToday));
        await _w.RunUntilAsync(ParticipationKit.Thursday1730.AddMinutes(1));

        var late = await _h.PressPayload("bo", notToday.Payload, nudge.Id);

        Assert.Equal(T(ParticipationTexts.RsvpTooLate), late.ButtonAnswer);
        Assert.Equal(0, await RsvpCountAsync());
    }

    [SkippableFact]
    public async Task A_host_cancels_from_today_after_a_confirm_and_those_coming_are_told()
    {
        await _h.Press("anna", "Jeg kommer");
        await _h.Press("bo", "Ikke i dag");

        var overview = await _h.Send("hanne", "/today");
        Assert.Equal(["Aflys denne gang"], overview.ButtonLabels);
        var ask = await _h.Press("hanne", "Aflys denne gang");
        Assert.Equal(["Vil du aflyse Torsdagsmiddag i morgen kl. 17:30? Alle, der har sagt, de kommer, får besked."], ask.Texts);
        var mark = await _w.LastOutboxIdAsync();
        var done = await _h.Press("hanne", "Ja, aflys");

        Assert.Equal(["Aflyst. 1 har fået besked."], done.Texts);
        Assert.Equal([Cancelled], (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        Assert.Empty(await _w.InboxAsync("bo", mark));
        Assert.NotNull((await ThisWeekAsync()).CancelledAt);
    }

    [SkippableFact]
    public async Task A_host_who_changes_their_mind_keeps_the_dinner_on()
    {
        await _h.Send("hanne", "/today");
        await _h.Press("hanne", "Aflys denne gang");

        var kept = await _h.Press("hanne", "Nej, den holder");

        Assert.Equal(["Godt, den holder."], kept.Texts);
        Assert.Null((await ThisWeekAsync()).CancelledAt);
    }

    [SkippableFact]
    public async Task Only_a_host_of_the_activity_can_cancel_it()
    {
        await _h.Send("hanne", "/today");
        var (messageId, button) = await _h.FindButtonAsync("hanne", "Aflys denne gang");

        // Anna presses a copy of Hanne's button: the token is Hanne's, so it is refused as not hers.
        var replies = await _h.PressPayload("anna", button.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonNotYours), replies.ButtonAnswer);
        Assert.Null((await ThisWeekAsync()).CancelledAt);
    }
}

public sealed class CancellationTestsOnPostgres : CancellationTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
