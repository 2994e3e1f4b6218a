using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.HelpingHands;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Coordination;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.HelpingHands;

/// <summary>
/// Small tasks per activity: set in the chat wizard, the one warm question after the third time (never again after
/// Not now, never to approved volunteers), /help_out, the host briefing, handing back, /mydata and /forget.
/// </summary>
public class HelpingHandsTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language = "da", params (string Key, string Value)[] values) =>
        TextValues.Fill(_h.T(key, language), values);

    private async Task AddTaskAsync(string name)
    {
        await using var db = _h.Db();
        db.HelpingTasks.Add(new HelpingTask { ActivityId = _w.DinnerId, Name = name, CreatedAt = _h.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>Dinner number <paramref name="week"/>: everyone in <paramref name="people"/> says they're coming; the clock stops at 21:30, after the helping question's time.</summary>
    private async Task DinnerAsync(int week, string language, params string[] people)
    {
        var nudgeAt = CheckInWorld.Local(CheckInWorld.DinnerDate(week).AddDays(-1), 17);
        await _w.RunUntilAsync(nudgeAt);
        foreach (var who in people)
        {
            var nudge = await _w.LastNudgeAsync(who);
            Assert.True(nudge is not null && nudge.CreatedAt >= nudgeAt, $"{who} had no reminder for week {week}");
            var button = Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Single(b => b.Label == T(ParticipationTexts.ButtonComing, language));
            await _h.PressPayload(who, button.Payload, nudge.Id, language);
        }
        await _w.RunUntilAsync(CheckInWorld.Dinner(week).AddHours(4));
    }

    /// <summary>The offers of tasks this person was sent (the question after the third time, or /help_out's).</summary>
    private async Task<List<OutboxMessage>> QuestionsToAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var messages = db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == TaskOffers.OfferPurpose).Select(t => t.MessageId);
        return await db.Outbox.Where(o => messages.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync();
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_coordinator_adds_a_small_task_in_the_chat_wizard(string language)
    {
        await _h.ConsentAsync("jonas", language);
        await using (var db = _h.Db())
        {
            var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
            db.CommunityMembers.Add(new CommunityMember { CommunityId = _w.CommunityId, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        // One activity: it is chosen without asking.
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewTask, "task", language), (await _h.Send("jonas", "/newtask", language: language)).Last);
        var created = await _h.Send("jonas", "dække bord", language: language);

        Assert.Equal([T(HelpingHandsTexts.TaskCreated, language, ("task", "dække bord"), ("activity", "Torsdagsmiddag"))], created.Texts);
        await using (var db = _h.Db())
        {
            Assert.Equal(["dække bord"], await db.HelpingTasks.Where(t => t.ActivityId == _w.DinnerId).Select(t => t.Name).ToListAsync());
        }
        await _w.JoinAsync("anna", language);
        Assert.Equal([T(CoordinationTexts.NotCoordinator, language)], (await _h.Send("anna", "/newtask", language: language)).Texts);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_coordinator_renames_and_removes_a_task_in_the_chat_and_whoever_took_it_hears_kindly_that_it_is_not_needed(string language)
    {
        await _h.ConsentAsync("jonas", language);
        await using (var db = _h.Db())
        {
            var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
            db.CommunityMembers.Add(new CommunityMember { CommunityId = _w.CommunityId, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        await AddTaskAsync("dække bord");
        await AddTaskAsync("bage en kage");
        await _w.JoinAsync("karim", language);
        await _h.Send("karim", "/help_out", language: language);
        await _h.Press("karim", "dække bord", language);

        // With tasks there already, /newtask offers them beside a new one.
        var pick = await _h.Send("jonas", "/newtask", language: language);
        Assert.Equal(T(HelpingHandsTexts.ChooseTask, language, ("activity", "Torsdagsmiddag")), pick.Last);
        Assert.Equal(["dække bord", "bage en kage", T(HelpingHandsTexts.ButtonNewTask, language)], pick.ButtonLabels);
        var change = await _h.Press("jonas", "dække bord", language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewTask, "change", language).Replace("{task_name}", "dække bord", StringComparison.Ordinal), change.Last);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewTask, "rename", language),
            (await _h.Press("jonas", WizardKit.ButtonOf(_h, DialogIds.NewTask, "change", "rename", language), language)).Last);
        var tooLong = await _h.Send("jonas", new string('x', 81), language: language);
        Assert.Contains(WizardKit.Ask(_h, DialogIds.NewTask, "rename", language), tooLong.Texts);
        var renamed = await _h.Send("jonas", "dække bord til tyve", language: language);
        Assert.Equal([T(HelpingHandsTexts.TaskRenamed, language, ("task", "dække bord til tyve"), ("activity", "Torsdagsmiddag"))], renamed.Texts);
        await using (var db = _h.Db())
        {
            Assert.Equal(["dække bord til tyve", "bage en kage"], await db.HelpingTasks.OrderBy(t => t.Id).Select(t => t.Name).ToListAsync());
            Assert.Equal(1, await db.HelpingHands.CountAsync()); // Karim still has it, under its new name
        }

        var karimBefore = (await _w.InboxAsync("karim")).Count;
        await _h.Send("jonas", "/newtask", language: language);
        await _h.Press("jonas", "dække bord til tyve", language);
        var removed = await _h.Press("jonas", WizardKit.ButtonOf(_h, DialogIds.NewTask, "change", "remove", language), language);
        Assert.Equal([T(HelpingHandsTexts.TaskRemoved, language, ("task", "dække bord til tyve"), ("activity", "Torsdagsmiddag"))], removed.Texts);
        var toKarim = (await _w.InboxAsync("karim")).Skip(karimBefore).Select(m => m.Text).ToList();
        Assert.Equal([T(HelpingHandsTexts.RemovedToHelper, language, ("task", "dække bord til tyve"), ("activity", "Torsdagsmiddag"),
            ("date", Date(ParticipationKit.Thursday1730, language)))], toKarim);
        await using (var db = _h.Db())
        {
            Assert.False(await db.HelpingHands.AnyAsync());
            Assert.NotNull((await db.HelpingTasks.SingleAsync(t => t.Name == "dække bord til tyve")).RemovedAt);
        }
        // Removed: offered no more, and not among the tasks to change.
        Assert.Equal(["bage en kage", T(HelpingHandsTexts.ButtonNotNow, language)], (await _h.Send("karim", "/help_out", language: language)).ButtonLabels);
        Assert.Equal(["bage en kage", T(HelpingHandsTexts.ButtonNewTask, language)], (await _h.Send("jonas", "/newtask", language: language)).ButtonLabels);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewTask, "task", language), (await _h.Press("jonas", T(HelpingHandsTexts.ButtonNewTask, language), language)).Last);
        Assert.Equal([T(HelpingHandsTexts.TaskCreated, language, ("task", "vaske op"), ("activity", "Torsdagsmiddag"))],
            (await _h.Send("jonas", "vaske op", language: language)).Texts);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task After_the_third_time_one_warm_question_and_a_no_is_never_asked_again(string language)
    {
        await AddTaskAsync("dække bord");
        await AddTaskAsync("bage en kage");
        await _w.JoinAsync("anna", language);

        await DinnerAsync(0, language, "anna");
        await DinnerAsync(1, language, "anna");
        Assert.Empty(await QuestionsToAsync("anna"));
        await DinnerAsync(2, language, "anna");

        var question = Assert.Single(await QuestionsToAsync("anna"));
        Assert.Equal(T(HelpingHandsTexts.Ask, language, ("activity", "Torsdagsmiddag"), ("firstName", "Anna"),
            ("date", Date(CheckInWorld.Dinner(3), language))), question.Text);
        Assert.Equal(["dække bord", "bage en kage", T(HelpingHandsTexts.ButtonNotNow, language)], ParticipationKit.Labels(question.ButtonsJson));
        // It came at 21:00, inside quiet hours: it waits for the morning.
        Assert.Equal(CheckInWorld.Local(CheckInWorld.DinnerDate(2).AddDays(1), 9), question.NotBefore);

        var no = await _h.Press("anna", T(HelpingHandsTexts.ButtonNotNow, language), language);
        Assert.Equal([T(HelpingHandsTexts.NotNow, language)], no.Texts);

        await DinnerAsync(3, language, "anna");
        await DinnerAsync(4, language, "anna");
        Assert.Single(await QuestionsToAsync("anna"));
        Assert.Contains(T(HelpingHandsTexts.MyDataNotNow, language), (await _h.Send("anna", "/mydata", language: language)).Last, StringComparison.Ordinal);
    }

    private string Date(DateTimeOffset when, string language)
    {
        var info = Makker.Conversations.Dialogs.Languages.Info(language);
        return TimeZoneInfo.ConvertTime(when, TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")).ToString(info.DatePattern, info.CultureInfo);
    }

    [SkippableFact]
    public async Task Approved_volunteers_and_hosts_are_never_asked()
    {
        await AddTaskAsync("dække bord");
        await _w.JoinAsync("bo");
        await _w.MakeHostAsync("hanne");
        await using (var db = _h.Db())
        {
            var bo = await db.People.SingleAsync(p => p.ExternalId == "bo");
            (await db.CommunityMembers.SingleAsync(m => m.PersonId == bo.Id)).IsVolunteer = true;
            await db.SaveChangesAsync();
        }
        for (var week = 0; week < 3; week++)
        {
            await DinnerAsync(week, "da", "bo");
        }

        Assert.Empty(await QuestionsToAsync("bo"));
        Assert.Empty(await QuestionsToAsync("hanne"));
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_yes_shows_in_the_host_briefing_and_handing_it_back_costs_nothing(string language)
    {
        await AddTaskAsync("dække bord");
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("karim", language);

        var offer = await _h.Send("karim", "/help_out", language: language);
        Assert.Equal([T(HelpingHandsTexts.Offer, language, ("activity", "Torsdagsmiddag"), ("date", Date(ParticipationKit.Thursday1730, language)))], offer.Texts);
        var taken = await _h.Press("karim", "dække bord", language);
        Assert.Equal([T(HelpingHandsTexts.Taken, language, ("firstName", "Karim"), ("task", "dække bord"), ("activity", "Torsdagsmiddag"),
            ("date", Date(ParticipationKit.Thursday1730, language)))], taken.Texts);
        Assert.Equal([T(HelpingHandsTexts.ButtonHandBack, language)], taken.ButtonLabels);
        // Taken: nobody else is offered it.
        await _w.JoinAsync("lise", language);
        Assert.Equal([T(HelpingHandsTexts.NoneOpen, language)], (await _h.Send("lise", "/help_out", language: language)).Texts);

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);
        var briefing = (await _w.InboxAsync("hanne"))[^1].Text;
        Assert.Contains(T(HelpingHandsTexts.BriefingTitle) + "\n" + T(HelpingHandsTexts.BriefingLine, "da", ("name", "Karim"), ("task", "dække bord")), briefing, StringComparison.Ordinal);

        var back = await _h.Press("karim", T(HelpingHandsTexts.ButtonHandBack, language), language);
        Assert.Equal([T(HelpingHandsTexts.HandedBack, language)], back.Texts);
        await using var db = _h.Db();
        Assert.False(await db.HelpingHands.AnyAsync());
        // And it is open again.
        Assert.Equal(["dække bord", T(HelpingHandsTexts.ButtonNotNow, language)], (await _h.Send("lise", "/help_out", language: language)).ButtonLabels);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task An_offer_pressed_after_the_dinner_began_is_closed_kindly_and_not_now_from_help_out_is_fine(string language)
    {
        await AddTaskAsync("dække bord");
        await _w.JoinAsync("anna", language);
        await _h.Send("anna", "/help_out", language: language);
        await _w.RunUntilAsync(ParticipationKit.Thursday1730.AddMinutes(5));

        var late = await _h.Press("anna", "dække bord", language);

        Assert.Equal(T(HelpingHandsTexts.Gone, language), late.ButtonAnswer);
        await using (var db = _h.Db())
        {
            Assert.False(await db.HelpingHands.AnyAsync());
        }
        await _h.Send("anna", "/help_out", language: language);
        var no = await _h.Press("anna", T(HelpingHandsTexts.ButtonNotNow, language), language);
        Assert.Equal([T(HelpingHandsTexts.NotNowOffer, language)], no.Texts);
    }

    [SkippableFact]
    public async Task Two_taking_the_same_task_the_second_hears_kindly_that_it_is_taken()
    {
        await AddTaskAsync("dække bord");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("anna", "/help_out");
        await _h.Send("bo", "/help_out");

        await _h.Press("anna", "dække bord");
        var late = await _h.Press("bo", "dække bord");

        Assert.Equal(T(HelpingHandsTexts.AlreadyTaken), late.ButtonAnswer);
        await using var db = _h.Db();
        Assert.Equal(1, await db.HelpingHands.CountAsync());
    }

    [SkippableFact]
    public async Task A_helper_who_is_forgotten_disappears_from_briefings_and_the_folded_numbers_stay()
    {
        await AddTaskAsync("dække bord");
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("karim");
        await _h.Send("karim", "/help_out");
        await _h.Press("karim", "dække bord");
        await DinnerAsync(0, "da", "karim");
        Assert.Contains("Karim – dække bord", (await _w.InboxAsync("hanne")).Select(m => m.Text).Last(t => t.Contains("Karim", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(T(HelpingHandsTexts.MyData, "da", ("tasks", $"\"dække bord\" (Torsdagsmiddag, {Date(ParticipationKit.Thursday1730, "da")})")),
            (await _h.Send("karim", "/mydata")).Last, StringComparison.Ordinal);

        // The week is finished and folded: one came, and helped.
        await _w.RunUntilAsync(CheckInWorld.Dinner(1).AddDays(3));
        await using (var db = _h.Db())
        {
            await _h.Services.GetRequiredService<EvaluationNumbers>().FoldAsync(db, _h.Clock.GetUtcNow(), CancellationToken.None);
        }
        var c = new CheckInWorldView(_h, _w);
        Assert.Equal((1, 1), await c.ComingAndHelpedAsync(CheckInWorld.Week(0)));

        await _h.Send("karim", "/forget");
        await _h.Press("karim", WizardKit.ButtonOf(_h, DialogIds.Forget, "confirm", "erase"));

        await using (var db = _h.Db())
        {
            Assert.False(await db.HelpingHands.AnyAsync());
            Assert.False(await db.Outbox.AnyAsync(o => o.Text.Contains("Karim")));
        }
        Assert.Equal((1, 1), await c.ComingAndHelpedAsync(CheckInWorld.Week(0)));
    }

    /// <summary>The evaluation figures of the dinner, as a report shows them (folded if folded).</summary>
    private sealed class CheckInWorldView(ConversationHarness h, ParticipationWorld w)
    {
        public async Task<(int Coming, int Helped)> ComingAndHelpedAsync(Period period)
        {
            await using var db = h.Db();
            var place = (await h.Services.GetRequiredService<ActivityDirectory>().FindAsync(db, w.DinnerId, CancellationToken.None))!;
            var f = await h.Services.GetRequiredService<EvaluationNumbers>().FiguresAsync(db, place, period, h.Clock.GetUtcNow(), CancellationToken.None);
            return (f.Coming, f.Helped);
        }
    }
}

public sealed class HelpingHandsTestsOnPostgres : HelpingHandsTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
