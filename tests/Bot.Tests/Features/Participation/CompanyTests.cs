using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

/// <summary>Company on the way (følgeskab): ask, the buddies are asked without a name, the first yes gets it.</summary>
public class CompanyTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    private const string Prompt = "Nogen vil gerne følges med nogen til Torsdagsmiddag i morgen kl. 17:30. Kan du mødes med dem?";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("dora");
        await _w.MakeBuddyAsync("bo");
        await _w.MakeBuddyAsync("carl");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    /// <summary>Anna asks for company from her nudge; returns the outbox mark from just before.</summary>
    private async Task<long> AskForCompanyAsync()
    {
        var before = await _w.LastOutboxIdAsync();
        var replies = await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        Assert.Equal([T(ParticipationTexts.RsvpCompanyAsked)], replies.Texts);
        return before;
    }

    [SkippableFact]
    public async Task Asking_for_company_tells_the_person_they_will_hear_back_and_asks_each_buddy_without_a_name()
    {
        var mark = await AskForCompanyAsync();

        foreach (var buddy in new[] { "bo", "carl" })
        {
            var inbox = await _w.InboxAsync(buddy, mark);
            var prompt = Assert.Single(inbox);
            Assert.Equal(Prompt, prompt.Text);
            Assert.DoesNotContain("Anna", prompt.Text);
            Assert.Equal([T(ParticipationTexts.ButtonCompanyYes), T(ParticipationTexts.ButtonCompanyNo)], ParticipationKit.Labels(prompt.ButtonsJson));
        }
        // Neither the other participant nor the host is asked; the host hears nothing before the briefing.
        Assert.Empty(await _w.InboxAsync("dora", mark));
        Assert.Empty(await _w.InboxAsync("hanne", mark));

        await using var db = _h.Db();
        var anna = await _h.PersonAsync("anna");
        var request = await db.CompanyRequests.SingleAsync();
        Assert.Equal((anna.Id, CompanyStatus.Open, (long?)null), (request.PersonId, request.Status, request.BuddyPersonId));
        var rsvp = await db.Rsvps.SingleAsync(r => r.PersonId == anna.Id);
        Assert.Equal((RsvpAnswer.Coming, true), (rsvp.Answer, rsvp.WantsCompany));
        Assert.Equal(2, await db.CompanyPrompts.CountAsync(p => p.RequestId == request.Id));
    }

    [SkippableFact]
    public async Task The_first_yes_gets_it_both_learn_the_others_first_name_and_where_and_when_to_meet()
    {
        await AskForCompanyAsync();
        var mark = await _w.LastOutboxIdAsync();
        var (carlPromptId, _) = await _h.FindButtonAsync("carl", T(ParticipationTexts.ButtonCompanyYes));

        var bo = await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));

        Assert.Equal(["Tak, Bo! Du følges med Anna. I mødes ved indgangen til Fælleshuset kl. 17:15."], bo.Texts);
        Assert.Equal(["Godt nyt, Anna! Bo følges med dig til Torsdagsmiddag. I mødes ved indgangen til Fælleshuset kl. 17:15."],
            (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        // The other buddy hears it is covered, and the prompt loses its buttons.
        Assert.Equal([T(ParticipationTexts.CompanyCovered)], (await _w.InboxAsync("carl", mark)).Select(m => m.Text));
        Assert.Empty(await _h.ButtonsShownAsync(carlPromptId));

        await using var db = _h.Db();
        var request = await db.CompanyRequests.SingleAsync();
        Assert.Equal(CompanyStatus.Matched, request.Status);
        Assert.Equal((await _h.PersonAsync("bo")).Id, request.BuddyPersonId);
    }

    [SkippableFact]
    public async Task The_meeting_point_of_the_activity_is_used_when_it_has_one()
    {
        await using (var db = _h.Db())
        {
            var dinner = await db.Activities.SingleAsync(a => a.Id == _w.DinnerId);
            dinner.MeetingPoint = "ved busstoppestedet på Torvet";
            await db.SaveChangesAsync();
        }
        await AskForCompanyAsync();
        var mark = await _w.LastOutboxIdAsync();

        var bo = await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));

        Assert.Equal(["Tak, Bo! Du følges med Anna. I mødes ved busstoppestedet på Torvet kl. 17:15."], bo.Texts);
        Assert.Equal(["Godt nyt, Anna! Bo følges med dig til Torsdagsmiddag. I mødes ved busstoppestedet på Torvet kl. 17:15."],
            (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task A_late_yes_from_another_buddy_gets_the_warm_covered_answer_and_changes_nothing()
    {
        await AskForCompanyAsync();
        var (carlPromptId, carlYes) = await _h.FindButtonAsync("carl", T(ParticipationTexts.ButtonCompanyYes));
        await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(3));

        // The edit that took Carl's buttons away had not reached him yet.
        var late = await _h.PressPayload("carl", carlYes.Payload, carlPromptId);

        Assert.Equal(T(ParticipationTexts.CompanyCovered), late.ButtonAnswer);
        Assert.DoesNotContain(late.Texts, t => t.Contains("Anna", StringComparison.Ordinal));
        Assert.Empty(await _w.InboxAsync("anna", mark));
        Assert.Empty(await _w.InboxAsync("bo", mark));
        await using var db = _h.Db();
        var request = await db.CompanyRequests.SingleAsync();
        Assert.Equal(CompanyStatus.Matched, request.Status);
        Assert.Equal((await _h.PersonAsync("bo")).Id, request.BuddyPersonId);
    }

    [SkippableFact]
    public async Task A_buddys_not_this_time_is_thanked_and_leaves_the_request_open_for_the_others()
    {
        await AskForCompanyAsync();
        var mark = await _w.LastOutboxIdAsync();

        var bo = await _h.Press("bo", T(ParticipationTexts.ButtonCompanyNo));

        Assert.Equal([T(ParticipationTexts.CompanyDeclined)], bo.Texts);
        Assert.Empty(await _w.InboxAsync("anna", mark));
        Assert.Empty(await _w.InboxAsync("carl", mark));
        await using (var db = _h.Db())
        {
            Assert.Equal(CompanyStatus.Open, (await db.CompanyRequests.SingleAsync()).Status);
        }

        var carl = await _h.Press("carl", T(ParticipationTexts.ButtonCompanyYes));

        Assert.Equal(["Tak, Carl! Du følges med Anna. I mødes ved indgangen til Fælleshuset kl. 17:15."], carl.Texts);
        await using var after = _h.Db();
        Assert.Equal((await _h.PersonAsync("carl")).Id, (await after.CompanyRequests.SingleAsync()).BuddyPersonId);
    }

    [SkippableFact]
    public async Task When_nobody_says_yes_by_the_briefing_the_host_welcomes_the_person_at_the_door()
    {
        await AskForCompanyAsync();
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);

        Assert.Equal(["Der var ingen, der kunne følges med dig denne gang. Hanne tager imod dig ved døren."],
            (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        var briefing = Assert.Single(await _w.InboxAsync("hanne", mark));
        Assert.Contains("Vil gerne tages imod ved døren: Anna", briefing.Text.Split('\n'));
        await using var db = _h.Db();
        Assert.Equal(CompanyStatus.HostWelcome, (await db.CompanyRequests.SingleAsync()).Status);

        // A buddy who answers only now is thanked, and nothing changes for Anna.
        var afterBriefing = await _w.LastOutboxIdAsync();
        var bo = await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        Assert.Equal(T(ParticipationTexts.CompanyCovered), bo.ButtonAnswer);
        Assert.Empty(await _w.InboxAsync("anna", afterBriefing));
        await using var after = _h.Db();
        Assert.Equal(CompanyStatus.HostWelcome, (await after.CompanyRequests.SingleAsync()).Status);
    }

    [SkippableFact]
    public async Task Asking_after_the_briefing_goes_straight_to_the_host()
    {
        await _w.RunUntilAsync(ParticipationKit.Thursday1430);
        var mark = await _w.LastOutboxIdAsync();

        var anna = await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));

        Assert.Equal(["Der var ingen, der kunne følges med dig denne gang. Hanne tager imod dig ved døren."], anna.Texts);
        Assert.Empty(await _w.InboxAsync("bo", mark));
        Assert.Contains("Nyt til Torsdagsmiddag: Anna vil gerne tages imod ved døren.", (await _w.InboxAsync("hanne", mark)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task Not_today_after_a_match_tells_the_buddy()
    {
        await AskForCompanyAsync();
        await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();

        await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonChangeAnswer));
        var anna = await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonNotToday));

        Assert.Equal([T(ParticipationTexts.RsvpNotToday)], anna.Texts);
        Assert.Equal(["Anna kan alligevel ikke komme denne gang, så I skal ikke mødes. Tak, fordi du ville!"],
            (await _w.InboxAsync("bo", mark)).Select(m => m.Text));
        await using var db = _h.Db();
        // Carl's prompt already went quiet with the match: not a message, not an edit more.
        Assert.Empty(await db.Outbox.Where(o => o.Address == "carl" && o.Id > mark).ToListAsync());
        Assert.Equal(CompanyStatus.Withdrawn, (await db.CompanyRequests.SingleAsync()).Status);
        Assert.Equal(RsvpAnswer.NotToday, (await db.Rsvps.SingleAsync()).Answer);
    }

    [SkippableFact]
    public async Task Changing_to_coming_on_ones_own_withdraws_an_open_request_and_the_prompts_go_quiet()
    {
        var mark = await AskForCompanyAsync();
        var (boPromptId, boYes) = await _h.FindButtonAsync("bo", T(ParticipationTexts.ButtonCompanyYes));
        var (carlPromptId, _) = await _h.FindButtonAsync("carl", T(ParticipationTexts.ButtonCompanyYes));

        var change = await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonChangeAnswer));
        Assert.Empty(change.Messages);
        Assert.Equal([T(ParticipationTexts.ButtonComing), T(ParticipationTexts.ButtonNotToday), T(ParticipationTexts.ButtonWithSomeone)],
            ParticipationKit.Labels(Assert.Single(change.Edits).ButtonsJson));
        var coming = await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonComing));

        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 17:30."], coming.Texts);
        await using (var db = _h.Db())
        {
            var request = await db.CompanyRequests.SingleAsync();
            Assert.Equal((CompanyStatus.Withdrawn, (long?)null), (request.Status, request.BuddyPersonId));
            var rsvp = await db.Rsvps.SingleAsync(r => r.PersonId == request.PersonId);
            Assert.Equal((RsvpAnswer.Coming, false), (rsvp.Answer, rsvp.WantsCompany));
        }
        // The buddies only ever saw a nameless question: it loses its buttons, nobody is told anything more.
        Assert.Empty(await _h.ButtonsShownAsync(boPromptId));
        Assert.Empty(await _h.ButtonsShownAsync(carlPromptId));
        Assert.Equal([Prompt], (await _w.InboxAsync("bo", mark)).Select(m => m.Text));

        var afterChange = await _w.LastOutboxIdAsync();
        var late = await _h.PressPayload("bo", boYes.Payload, boPromptId);
        Assert.Equal(T(ParticipationTexts.CompanyCovered), late.ButtonAnswer);
        Assert.Empty(await _w.InboxAsync("anna", afterChange));
        await using var after = _h.Db();
        Assert.Equal(CompanyStatus.Withdrawn, (await after.CompanyRequests.SingleAsync()).Status);
    }

    [SkippableFact]
    public async Task Changing_to_coming_on_ones_own_after_a_match_frees_the_buddy_without_saying_the_person_is_not_coming()
    {
        await AskForCompanyAsync();
        await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();

        await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonChangeAnswer));
        await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonComing));

        var toBo = Assert.Single(await _w.InboxAsync("bo", mark));
        Assert.Equal("Anna kommer alligevel på egen hånd, så I skal ikke mødes. Tak, fordi du ville!", toBo.Text);
        await using var db = _h.Db();
        Assert.Equal(CompanyStatus.Withdrawn, (await db.CompanyRequests.SingleAsync()).Status);
    }

    [SkippableFact]
    public async Task Two_buddies_saying_yes_at_the_same_moment_make_exactly_one_match()
    {
        await AskForCompanyAsync();
        var mark = await _w.LastOutboxIdAsync();
        var (boPromptId, boYes) = await _h.FindButtonAsync("bo", T(ParticipationTexts.ButtonCompanyYes));
        var (carlPromptId, carlYes) = await _h.FindButtonAsync("carl", T(ParticipationTexts.ButtonCompanyYes));
        var now = _h.Clock.GetUtcNow();
        IncomingMessage Press(string who, Button button, long messageId) =>
            new(ConversationHarness.Key(who), now) { ButtonPayload = button.Payload, ButtonMessageId = messageId, FirstName = char.ToUpperInvariant(who[0]) + who[1..], LanguageHint = "da" };

        var results = await Task.WhenAll(
            _h.Engine.HandleAsync(Press("bo", boYes, boPromptId)),
            _h.Engine.HandleAsync(Press("carl", carlYes, carlPromptId)));

        await using var db = _h.Db();
        var request = await db.CompanyRequests.SingleAsync();
        Assert.Equal(CompanyStatus.Matched, request.Status);
        var buddy = await db.People.SingleAsync(p => p.Id == request.BuddyPersonId);
        var other = buddy.ExternalId == "bo" ? "carl" : "bo";
        var toAnna = Assert.Single(await _w.InboxAsync("anna", mark));
        Assert.Equal($"Godt nyt, Anna! {buddy.FirstName} følges med dig til Torsdagsmiddag. I mødes ved indgangen til Fælleshuset kl. 17:15.", toAnna.Text);
        Assert.Contains(await _w.InboxAsync(buddy.ExternalId, mark), m => m.Text.StartsWith($"Tak, {buddy.FirstName}! Du følges med Anna.", StringComparison.Ordinal));
        Assert.DoesNotContain(await _w.InboxAsync(other, mark), m => m.Text.Contains("Anna", StringComparison.Ordinal));
        // The one who came second is thanked (or, when the two collided in the database, told it was answered).
        var loser = results[buddy.ExternalId == "bo" ? 1 : 0];
        Assert.Contains(loser.ButtonAnswer, new[] { T(ParticipationTexts.CompanyCovered), T(TextKeys.ButtonAlreadyPressed) });
    }
}

/// <summary>Small helpers the participation tests share (the harness files belong to everyone).</summary>

public sealed class CompanyTestsOnPostgres : CompanyTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
