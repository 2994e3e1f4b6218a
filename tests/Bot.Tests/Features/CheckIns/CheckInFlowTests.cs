using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.CheckIns;

/// <summary>
/// The one question after the dinner: who gets it and when, one tap, changing an answer, answering late, and
/// "I'd like to talk to someone" reaching a host.
/// </summary>
public class CheckInFlowTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    // The dinner on Thursday 26 November runs 17:30-20:00; the question goes at 20:30, answers close 48 hours later.
    private static readonly DateTimeOffset Thursday2030 = ParticipationWorld.Local(2026, 11, 26, 20, 30);
    private static readonly DateTimeOffset Saturday2030 = ParticipationWorld.Local(2026, 11, 28, 20, 30);

    private const string Question = "Tak for Torsdagsmiddag, Anna. Bare ét spørgsmål: Hvordan var det i dag?";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        await _w.MakeHostAsync("henrik");
        foreach (var who in new[] { "anna", "bo", "carl", "dora" })
        {
            await _w.JoinAsync(who);
        }
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));
        await _h.Press("bo", T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("carl", T(ParticipationTexts.ButtonNotToday));
        // Dora does not answer.
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<List<OutboxMessage>> CheckInsToAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var tokens = db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == CheckInStep.Purpose).Select(t => t.MessageId);
        return await db.Outbox.Where(o => tokens.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync();
    }

    private async Task<CheckIn> CheckInOfAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        return await db.CheckIns.SingleAsync(c => c.PersonId == person.Id);
    }

    [SkippableFact]
    public async Task Only_those_who_said_they_were_coming_get_one_question_half_an_hour_after_the_end()
    {
        await _w.RunUntilAsync(Thursday2030.AddMinutes(-1));
        Assert.Empty(await CheckInsToAsync("anna"));

        await _w.RunUntilAsync(Thursday2030.AddHours(1));

        var anna = Assert.Single(await CheckInsToAsync("anna"));
        Assert.Equal(Question, anna.Text);
        Assert.Equal(["Godt", "Okay", "Ikke så godt", "Jeg vil gerne tale med nogen", "Vil helst ikke sige"], ParticipationKit.Labels(anna.ButtonsJson));
        Assert.Null(anna.NotBefore);
        Assert.Single(await CheckInsToAsync("bo"));
        Assert.Empty(await CheckInsToAsync("carl"));
        Assert.Empty(await CheckInsToAsync("dora"));
        Assert.Empty(await CheckInsToAsync("hanne"));

        // Run again, and after a restart: still one each.
        await _w.RunDueNowAsync();
        await _h.RestartAsync();
        await _w.RunDueNowAsync();
        Assert.Single(await CheckInsToAsync("anna"));
    }

    [SkippableFact]
    public async Task A_person_on_a_break_or_who_left_gets_no_question()
    {
        await _h.Send("bo", "/leave");
        await _h.Press("bo", "Torsdagsmiddag");
        await using (var db = _h.Db())
        {
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            anna.PausedIndefinitely = true;
            await db.SaveChangesAsync();
        }

        await _w.RunUntilAsync(Thursday2030.AddHours(1));

        Assert.Empty(await CheckInsToAsync("anna"));
        Assert.Empty(await CheckInsToAsync("bo"));
    }

    [SkippableFact]
    public async Task A_question_due_in_quiet_hours_waits_until_morning()
    {
        await using (var db = _h.Db())
        {
            var dinner = await db.Activities.SingleAsync(a => a.Id == _w.DinnerId);
            dinner.DurationMinutes = 240; // ends 21:30, question due at 22:00
            foreach (var o in db.Occurrences.Where(o => o.ActivityId == _w.DinnerId))
            {
                o.EndsAt = o.StartsAt.AddMinutes(240);
            }
            await db.SaveChangesAsync();
        }

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 22, 30));

        var anna = Assert.Single(await CheckInsToAsync("anna"));
        Assert.Equal(ParticipationWorld.Local(2026, 11, 27, 9, 0), anna.NotBefore);
    }

    [SkippableFact]
    public async Task One_tap_is_all_and_nothing_follows_an_ordinary_answer()
    {
        await _w.RunUntilAsync(Thursday2030);
        var mark = await _w.LastOutboxIdAsync();

        var replies = await _h.PressShownAsync("anna", "Godt");

        Assert.Equal([T(CheckInTexts.Thanks)], replies.Texts);
        Assert.Equal(T(CheckInTexts.Thanks), replies.ButtonAnswer);
        var edit = Assert.Single(replies.Edits);
        Assert.Contains("Godt", edit.Text);
        Assert.Equal([T(CheckInTexts.ButtonChange)], ParticipationKit.Labels(edit.ButtonsJson));
        Assert.Equal("good", (await CheckInOfAsync("anna")).AnswerId);
        // Nobody else heard anything.
        Assert.Empty((await _w.InboxAsync("hanne", mark)));
        Assert.Empty((await _w.InboxAsync("henrik", mark)));
    }

    [SkippableFact]
    public async Task Answering_again_changes_the_answer_and_says_so_and_the_same_answer_twice_changes_nothing()
    {
        await _w.RunUntilAsync(Thursday2030);
        await _h.PressShownAsync("anna", "Godt");

        var again = await _h.PressShownAsync("anna", "Godt");
        Assert.Empty(again.Texts);
        Assert.Equal(T(CheckInTexts.Noted), again.ButtonAnswer);

        var shown = await _h.PressShownAsync("anna", T(CheckInTexts.ButtonChange));
        Assert.Equal(["Godt", "Okay", "Ikke så godt", "Jeg vil gerne tale med nogen", "Vil helst ikke sige"],
            ParticipationKit.Labels(Assert.Single(shown.Edits).ButtonsJson));
        _h.Clock.Advance(TimeSpan.FromHours(20));
        var changed = await _h.PressShownAsync("anna", "Okay");

        Assert.Equal(["Jeg har ændret dit svar til \"Okay\". Tak!"], changed.Texts);
        var row = await CheckInOfAsync("anna");
        Assert.Equal("okay", row.AnswerId);
        Assert.Equal(_h.Clock.GetUtcNow(), row.AnsweredAt);

        await _h.PressShownAsync("anna", T(CheckInTexts.ButtonChange));
        await _h.PressShownAsync("anna", "Vil helst ikke sige");
        Assert.Equal("skip", (await CheckInOfAsync("anna")).AnswerId);
    }

    [SkippableFact]
    public async Task Answers_are_taken_for_48_hours_and_a_later_press_is_thanked_and_changes_nothing()
    {
        await _w.RunUntilAsync(Thursday2030);
        await _h.PressShownAsync("anna", "Godt");
        await _h.PressShownAsync("anna", T(CheckInTexts.ButtonChange));

        _h.Clock.SetUtcNow(Saturday2030.AddMinutes(-1));
        await _h.PressShownAsync("anna", "Okay");
        Assert.Equal("okay", (await CheckInOfAsync("anna")).AnswerId);

        await _h.PressShownAsync("anna", T(CheckInTexts.ButtonChange));
        await _w.RunUntilAsync(Saturday2030.AddMinutes(1));
        var late = await _h.PressShownAsync("anna", "Ikke så godt");

        Assert.Equal([T(CheckInTexts.Closed)], late.Texts);
        Assert.Equal(T(CheckInTexts.Closed), late.ButtonAnswer);
        Assert.Empty(ParticipationKit.Labels(Assert.Single(late.Edits).ButtonsJson));
        Assert.Equal("okay", (await CheckInOfAsync("anna")).AnswerId);

        // Bo never answered: his first press after the window is thanked the same way and stores nothing.
        var bo = await _h.PressShownAsync("bo", "Godt");
        Assert.Equal([T(CheckInTexts.Closed)], bo.Texts);
        Assert.Null((await CheckInOfAsync("bo")).AnswerId);
    }

    [SkippableFact]
    public async Task Talk_to_someone_tells_the_hosts_at_once_and_the_first_host_to_take_it_is_named_to_the_person()
    {
        await _w.RunUntilAsync(Thursday2030);
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        var mark = await _w.LastOutboxIdAsync();

        var replies = await _h.PressShownAsync("anna", "Jeg vil gerne tale med nogen");

        // One warm answer, not a "thank you for answering" before it as well.
        Assert.Equal(2, replies.Texts.Count);
        Assert.Equal("Tak, fordi du siger det. Jeg har givet Hanne og Henrik besked, og de kontakter dig.", replies.Texts[0]);
        Assert.StartsWith("Må Hanne og Henrik få dit telefonnummer eller din e-mail", replies.Texts[1]);
        Assert.Null(replies.ButtonAnswer);
        foreach (var host in new[] { "hanne", "henrik" })
        {
            var told = Assert.Single(await _w.InboxAsync(host, mark));
            Assert.Equal("Anna fra Torsdagsmiddag vil gerne tale med nogen.", told.Text);
            Assert.Equal([T(CheckInTexts.ButtonTalkTake)], ParticipationKit.Labels(told.ButtonsJson));
            Assert.Null(told.NotBefore);
        }

        var mark2 = await _w.LastOutboxIdAsync();
        var taken = await _h.PressShownAsync("henrik", T(CheckInTexts.ButtonTalkTake));

        Assert.Equal(["Tak! Anna ved nu, at du tager kontakt."], taken.Texts);
        Assert.Equal(["Henrik kontakter dig."], (await _w.InboxAsync("anna", mark2)).Select(m => m.Text));
        Assert.Equal(["Henrik tager kontakt til Anna."], (await _w.InboxAsync("hanne", mark2)).Select(m => m.Text));
        Assert.Equal((await _h.PersonAsync("henrik")).Id, (await CheckInOfAsync("anna")).TalkTakenByPersonId);

        // Hanne's button went quiet; a press that crosses the edit is thanked warmly and changes nothing.
        var (messageId, button) = await _h.FindButtonAsync("hanne", T(CheckInTexts.ButtonTalkTake));
        Assert.Empty(await _h.ButtonsShownAsync(messageId));
        var late = await _h.PressPayload("hanne", button.Payload, messageId);
        Assert.Equal(T(CheckInTexts.TalkAlready), late.ButtonAnswer);
        Assert.Equal((await _h.PersonAsync("henrik")).Id, (await CheckInOfAsync("anna")).TalkTakenByPersonId);
    }

    [SkippableFact]
    public async Task Contact_details_reach_the_hosts_only_when_the_person_writes_them()
    {
        await _w.RunUntilAsync(Thursday2030);
        await _h.PressShownAsync("anna", "Jeg vil gerne tale med nogen");
        await _h.PressShownAsync("bo", "Jeg vil gerne tale med nogen");
        var mark = await _w.LastOutboxIdAsync();

        await _h.PressShownAsync("anna", "Ja, jeg skriver det");
        var shared = await _h.Send("anna", "+45 12 34 56 78");
        await _h.PressShownAsync("bo", "Nej, tal med mig næste gang");

        Assert.Equal(["Tak. Jeg har givet det til Hanne og Henrik og ingen andre."], shared.Texts);
        foreach (var host in new[] { "hanne", "henrik" })
        {
            Assert.Equal(
                ["Anna siger, at du gerne må kontakte dem her: +45 12 34 56 78", "Bo vil helst tale med dig næste gang til Torsdagsmiddag."],
                (await _w.InboxAsync(host, mark)).Select(m => m.Text));
        }
        // The number went to the hosts and nowhere else: not to the other participants, and it is not kept in a dialog.
        await using var db = _h.Db();
        Assert.Equal(2, await db.Outbox.CountAsync(o => o.Text.Contains("12 34 56 78") && o.Address != "anna"));
        Assert.False(await db.DialogStates.AnyAsync(s => s.FramesJson.Contains("12 34 56 78")));

        // Delivered, the hosts have it in their chats and Makker keeps no copy; Bo's message without contact details stays.
        var toHosts = await db.Outbox.Where(o => o.Id > mark && (o.Address == "hanne" || o.Address == "henrik")).ToListAsync();
        await OutboxDelivery.MarkDeliveredAsync(db, toHosts.Select(o => o.Id).ToList(), _h.Clock.GetUtcNow());
        await using var after = _h.Db();
        Assert.False(await after.Outbox.AnyAsync(o => o.Text.Contains("12 34 56 78")));
        Assert.Equal(2, await after.Outbox.CountAsync(o => o.Text.StartsWith("Bo vil helst tale med dig") && o.Status == OutboxStatus.Sent));
    }

    [SkippableFact]
    public async Task Without_a_host_the_coordinators_are_told_and_without_anyone_the_person_hears_so_honestly()
    {
        await using (var db = _h.Db())
        {
            await db.ActivityMembers.Where(m => m.IsHost).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsHost, false));
        }
        await _w.RunUntilAsync(Thursday2030);

        var nobody = await _h.PressShownAsync("bo", "Jeg vil gerne tale med nogen");
        Assert.Equal([T(CheckInTexts.TalkNobody)], nobody.Texts);

        await _h.ConsentAsync("jonas");
        await using (var db = _h.Db())
        {
            var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
            db.CommunityMembers.Add(new CommunityMember { CommunityId = _w.CommunityId, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var mark = await _w.LastOutboxIdAsync();
        await _h.PressShownAsync("anna", "Jeg vil gerne tale med nogen");
        Assert.Equal(["Anna fra Torsdagsmiddag vil gerne tale med nogen."], (await _w.InboxAsync("jonas", mark)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task The_next_dinner_asks_the_next_question()
    {
        await _w.RunUntilAsync(Thursday2030);
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 12, 2, 17, 0));
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 12, 3, 20, 30));

        var questions = await CheckInsToAsync("anna");
        Assert.Equal(2, questions.Count);
        Assert.EndsWith("Følte du dig velkommen i dag?", questions[1].Text);
        Assert.Equal(["Ja, meget", "For det meste", "Ikke rigtig", "Jeg vil gerne tale med nogen", "Vil helst ikke sige"],
            ParticipationKit.Labels(questions[1].ButtonsJson));
    }

    [SkippableFact]
    public async Task Mydata_counts_the_answers_and_forget_removes_them()
    {
        await _w.RunUntilAsync(Thursday2030);
        await _h.PressShownAsync("anna", "Godt");

        var mydata = await _h.Send("anna", "/mydata");
        Assert.Contains("Dine check-in-svar: 1. De bliver til anonyme tal og slettes efter 180 dage.", mydata.All);

        var anna = await _h.PersonAsync("anna");
        await _h.Send("anna", "/forget");
        await _h.Press("anna", "Ja, slet det hele");

        await using var db = _h.Db();
        Assert.False(await db.CheckIns.AnyAsync(c => c.PersonId == anna.Id));
        Assert.True(await db.CheckIns.AnyAsync());
    }
}

/// <summary>
/// The volunteer question set: Volunteering (issue 6) adds those on shift as an audience; here a stand-in audience
/// says who is on shift, and the step asks them the volunteer question, once, even when they also said they'd come.
/// </summary>
public class VolunteerCheckInTests : RunsOnBothDatabases
{
    private sealed class OnShift(string who) : ICheckInAudience
    {
        public string Variant => Makker.Conversations.Dialogs.CheckInVariants.Volunteer;

        public Task<List<Person>> PeopleAsync(MakkerDb db, Occurrence occurrence, DateTimeOffset now, CancellationToken ct) =>
            db.People.Where(p => p.ExternalId == who).ToListAsync(ct);
    }

    [SkippableFact]
    public async Task Someone_on_shift_gets_the_volunteer_question_and_only_that_one()
    {
        await using var h = await ConversationHarness.StartAsync(Provider, extra: s => s.AddSingleton<ICheckInAudience>(new OnShift("bo")));
        var w = await ParticipationWorld.CreateAsync(h);
        await w.JoinAsync("anna");
        await w.JoinAsync("bo");
        await w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await h.Press("anna", h.T(ParticipationTexts.ButtonComing));
        await h.Press("bo", h.T(ParticipationTexts.ButtonComing));

        await w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 21, 0));

        var bo = (await w.InboxAsync("bo")).Where(m => m.Text.Contains("Bare ét spørgsmål")).ToList();
        Assert.Equal("Tak for Torsdagsmiddag, Bo. Bare ét spørgsmål: Hvordan var din vagt i dag?", Assert.Single(bo).Text);
        Assert.Equal(["God", "Okay", "Det var for meget i dag", "Jeg vil gerne tale med nogen", "Vil helst ikke sige"], ParticipationKit.Labels(bo[0].ButtonsJson));
        var anna = (await w.InboxAsync("anna")).Where(m => m.Text.Contains("Bare ét spørgsmål")).ToList();
        Assert.EndsWith("Hvordan var det i dag?", Assert.Single(anna).Text);
        await using var db = h.Db();
        Assert.Equal(["participant", "volunteer"], await db.CheckIns.OrderBy(c => c.Variant).Select(c => c.Variant).ToListAsync());

        await h.PressShownAsync("bo", "Det var for meget i dag");
        Assert.Equal("too_much", (await db.CheckIns.SingleAsync(c => c.Variant == "volunteer")).AnswerId);
    }
}

public sealed class CheckInFlowTestsOnPostgres : CheckInFlowTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

public sealed class VolunteerCheckInTestsOnPostgres : VolunteerCheckInTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
