using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Features.Privacy;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Coordination;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Ideas;

/// <summary>
/// Ideas from participants: /idea and the check-in's button, the coordinators' Share with everyone / Keep to us, the
/// weekly ideas message with I'd join, the proposer hearing how many, /ideas and turning one into an activity.
/// </summary>
public class IdeasTests : RunsOnBothDatabases, IAsyncLifetime
{
    private const string IdeaText = "Kunne vi gå en tur i parken om søndagen?";
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider, new Dictionary<string, string?> { ["Participation:MaxNudgesPerWeek"] = "2" });
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language = "da", params (string Key, string Value)[] values) =>
        TextValues.Fill(_h.T(key, language), values);

    private async Task MakeCoordinatorAsync(string who, string language = "da")
    {
        await _h.ConsentAsync(who, language);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        db.CommunityMembers.Add(new CommunityMember { CommunityId = _w.CommunityId, PersonId = person.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private Task DigestAsync() => _h.Services.GetRequiredService<IdeasDigest>().RunAsync(_h.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<List<OutboxMessage>> IdeasMessagesToAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var messages = db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == IdeasDigest.JoinPurpose).Select(t => t.MessageId);
        return await db.Outbox.Where(o => messages.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync();
    }

    private async Task<Idea> OnlyIdeaAsync()
    {
        await using var db = _h.Db();
        return await db.Ideas.SingleAsync();
    }

    /// <summary>Anna proposes the idea with /idea and the dialog, in her language.</summary>
    private async Task<Replies> ProposeAsync(string who, string text, string language)
    {
        var asked = await _h.Send(who, "/idea", language: language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.Idea, "write", language), asked.Last);
        return await _h.Send(who, text, language: language);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task An_idea_goes_to_the_coordinators_first_and_nobody_sees_it_before_one_says_share(string language)
    {
        await MakeCoordinatorAsync("jonas", language);
        await _w.JoinAsync("anna", language);
        await _w.JoinAsync("bo", language);

        var proposed = await ProposeAsync("anna", IdeaText, language);

        Assert.Equal([T(IdeasTexts.Thanks, language, ("firstName", "Anna"))], proposed.Texts);
        var review = Assert.Single(await _w.InboxAsync("jonas", await LastBeforeAsync(proposed)));
        Assert.Equal(T(IdeasTexts.ToCoordinator, language, ("name", "Anna"), ("community", "Fællesskabet"), ("idea", IdeaText)), review.Text);
        Assert.Equal([T(IdeasTexts.ButtonShare, language), T(IdeasTexts.ButtonKeep, language), T(IdeasTexts.ButtonMakeActivity, language)],
            ParticipationKit.Labels(review.ButtonsJson));

        // Not approved: the weekly message shows it to nobody, however long it waits.
        await DigestAsync();
        _h.Clock.Advance(TimeSpan.FromDays(8));
        await DigestAsync();
        Assert.Empty(await IdeasMessagesToAsync("bo"));
        Assert.DoesNotContain(await _w.InboxAsync("bo"), m => m.Text.Contains(IdeaText, StringComparison.Ordinal));

        var shared = await _h.Press("jonas", T(IdeasTexts.ButtonShare, language), language);
        Assert.Equal([T(IdeasTexts.SharedToCoordinator, language)], shared.Texts);
        Assert.Equal(T(IdeasTexts.SharedToProposer, language, ("firstName", "Anna"), ("idea", IdeaText)), (await _w.InboxAsync("anna"))[^1].Text);
        Assert.Equal(IdeaStatus.Shared, (await OnlyIdeaAsync()).Status);

        await DigestAsync();
        var weekly = Assert.Single(await IdeasMessagesToAsync("bo"));
        Assert.Equal(T(IdeasTexts.Weekly, language, ("community", "Fællesskabet"), ("ideas", "1. " + IdeaText)), weekly.Text);
        Assert.Equal([T(IdeasTexts.ButtonJoin, language, ("number", "1"))], ParticipationKit.Labels(weekly.ButtonsJson));
        // Never their own idea.
        Assert.Empty(await IdeasMessagesToAsync("anna"));
        // The coordinator's message now offers only Make it an activity, and it works.
        Assert.Equal([T(IdeasTexts.ButtonMakeActivity, language)], await _h.ButtonsShownAsync(review.Id));
        var wizard = await _h.PressShownAsync("jonas", T(IdeasTexts.ButtonMakeActivity, language));
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "name_idea", language).Replace("{idea_text}", IdeaText, StringComparison.Ordinal), wizard.Last);
    }

    private async Task<long> LastBeforeAsync(Replies replies) => replies.Rows.Count == 0 ? await _w.LastOutboxIdAsync() : replies.Rows.Min(r => r.Id) - 1;

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task Keep_to_us_tells_the_proposer_kindly_and_the_idea_is_never_offered(string language)
    {
        await MakeCoordinatorAsync("jonas", language);
        await MakeCoordinatorAsync("karen", language);
        await _w.JoinAsync("anna", language);
        await _w.JoinAsync("bo", language);
        await ProposeAsync("anna", IdeaText, language);

        var kept = await _h.Press("jonas", T(IdeasTexts.ButtonKeep, language), language);

        Assert.Equal([T(IdeasTexts.KeptToCoordinator, language)], kept.Texts);
        Assert.Equal(T(IdeasTexts.KeptToProposer, language, ("firstName", "Anna"), ("idea", IdeaText)), (await _w.InboxAsync("anna"))[^1].Text);
        await DigestAsync();
        Assert.Empty(await IdeasMessagesToAsync("bo"));
        // The other coordinator's Share comes too late and changes nothing.
        var again = await _h.Press("karen", T(IdeasTexts.ButtonShare, language), language);
        Assert.Equal(T(IdeasTexts.AlreadyDecided, language), again.ButtonAnswer);
        Assert.Equal(IdeaStatus.KeptToUs, (await OnlyIdeaAsync()).Status);
    }

    [SkippableFact]
    public async Task Someone_outside_any_community_is_told_kindly_and_nothing_is_stored()
    {
        await _h.ConsentAsync("eva", "en");

        var replies = await _h.Send("eva", "/idea", language: "en");

        Assert.Equal([T(IdeasTexts.NoCommunity, "en")], replies.Texts);
        await using var db = _h.Db();
        Assert.False(await db.Ideas.AnyAsync());
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task I_d_join_is_noted_once_and_the_proposer_hears_a_few_under_five_and_the_number_from_five(string language)
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna", language);
        string[] joiners = ["bo", "carl", "dora", "erik", "frida"];
        foreach (var who in joiners)
        {
            await _w.JoinAsync(who, language);
        }
        await _h.Send("anna", "/idea " + IdeaText, language: language);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));
        await DigestAsync();

        var join = T(IdeasTexts.ButtonJoin, language, ("number", "1"));
        var first = await _h.Press("bo", join, language);
        Assert.Equal(T(IdeasTexts.JoinNoted, language), first.ButtonAnswer);
        Assert.Equal(T(IdeasTexts.JoinAlready, language), (await _h.Press("bo", join, language)).ButtonAnswer);
        await _h.Press("carl", join, language);

        // The news goes with the next run; two people are "a few".
        var before = await _w.LastOutboxIdAsync();
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await DigestAsync();
        var few = Assert.Single(await _w.InboxAsync("anna", before));
        Assert.Equal(T(IdeasTexts.InterestFew, language, ("idea", IdeaText)), few.Text);
        Assert.DoesNotContain("Bo", few.Text, StringComparison.Ordinal);

        foreach (var who in joiners[2..])
        {
            await _h.Press(who, join, language);
        }
        // At most once a week: nothing new for Anna the next day.
        before = await _w.LastOutboxIdAsync();
        _h.Clock.Advance(TimeSpan.FromDays(1));
        await DigestAsync();
        Assert.Empty(await _w.InboxAsync("anna", before));
        _h.Clock.Advance(TimeSpan.FromDays(6));
        await DigestAsync();
        Assert.Equal([T(IdeasTexts.InterestMany, language, ("idea", IdeaText), ("count", "5"))], (await _w.InboxAsync("anna", before)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task The_weekly_ideas_message_waits_for_the_end_of_quiet_hours()
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));

        _h.Clock.SetUtcNow(ParticipationWorld.Local(2026, 11, 24, 22, 0));
        await DigestAsync();

        var weekly = Assert.Single(await IdeasMessagesToAsync("bo"));
        Assert.Equal(ParticipationWorld.Local(2026, 11, 25, 9, 0), weekly.NotBefore);
    }

    [SkippableFact]
    public async Task Nobody_who_paused_gets_the_weekly_ideas_message_and_it_comes_after_resume()
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("bo", "/pause");
        await _h.Press("bo", WizardKit.ButtonOf(_h, DialogIds.Pause, "choose", "open"));
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));

        await DigestAsync();
        Assert.Empty(await IdeasMessagesToAsync("bo"));

        await _h.Send("bo", "/resume");
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await DigestAsync();
        Assert.Single(await IdeasMessagesToAsync("bo"));
    }

    [SkippableFact]
    public async Task The_weekly_ideas_message_keeps_the_weekly_nudge_budget_and_counts_against_it()
    {
        // The budget is two a week here. Bo has had two reminders this week, Carl one.
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _w.JoinAsync("carl");
        await using (var db = _h.Db())
        {
            var bo = await db.People.SingleAsync(p => p.ExternalId == "bo");
            var carl = await db.People.SingleAsync(p => p.ExternalId == "carl");
            await _w.RunUntilAsync(ParticipationKit.Wednesday1700.AddMinutes(-1));
            var occurrences = await db.Occurrences.OrderBy(o => o.StartsAt).Take(2).ToListAsync();
            foreach (var o in occurrences)
            {
                db.NudgesSent.Add(new NudgeSent { OccurrenceId = o.Id, PersonId = bo.Id, Phase = 9, SentAt = _h.Clock.GetUtcNow().AddDays(-1) });
            }
            db.NudgesSent.Add(new NudgeSent { OccurrenceId = occurrences[1].Id, PersonId = carl.Id, Phase = 9, SentAt = _h.Clock.GetUtcNow().AddDays(-1) });
            await db.SaveChangesAsync();
        }
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));

        await DigestAsync();

        Assert.Empty(await IdeasMessagesToAsync("bo"));
        Assert.Single(await IdeasMessagesToAsync("carl"));
        // Carl's ideas message used his second place this week: Wednesday's reminder does not come to him.
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700.AddMinutes(1));
        Assert.Null(await _w.LastNudgeAsync("carl"));
        Assert.NotNull(await _w.LastNudgeAsync("anna"));
    }

    [SkippableFact]
    public async Task At_most_one_ideas_message_a_week_with_only_ideas_new_to_the_person()
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));
        await DigestAsync();
        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.Send("anna", "/idea Syng sammen");
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));

        await DigestAsync();
        Assert.Single(await IdeasMessagesToAsync("bo"));

        _h.Clock.Advance(TimeSpan.FromDays(6));
        await DigestAsync();
        var messages = await IdeasMessagesToAsync("bo");
        Assert.Equal(2, messages.Count);
        Assert.Equal(T(IdeasTexts.Weekly, "da", ("community", "Fællesskabet"), ("ideas", "1. Syng sammen")), messages[1].Text);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task The_check_in_answer_offers_an_idea_in_one_tap(string language)
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna", language);
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", T(ParticipationTexts.ButtonComing, language), language);
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 30));
        var question = (await _w.InboxAsync("anna"))[^1];
        var firstAnswer = Replies.ParseButtons(question.ButtonsJson)[0][0];

        var thanks = await _h.PressPayload("anna", firstAnswer.Payload, question.Id, language);

        Assert.Equal([T(IdeasTexts.ButtonIdea, language)], ParticipationKit.Labels(Assert.Single(thanks.Messages).ButtonsJson));
        var asked = await _h.Press("anna", T(IdeasTexts.ButtonIdea, language), language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.Idea, "write", language), asked.Last);
        await _h.Send("anna", IdeaText, language: language);
        var idea = await OnlyIdeaAsync();
        Assert.Equal((IdeaText, IdeaStatus.Waiting, (long?)_w.DinnerId), (idea.Text, idea.Status, idea.ActivityId));
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_coordinator_turns_an_idea_into_an_activity_in_one_step_and_the_proposer_is_asked_to_help_host(string language)
    {
        await MakeCoordinatorAsync("jonas", language);
        await _w.JoinAsync("anna", language);
        await _w.JoinAsync("bo", language);
        await _h.Send("anna", "/idea " + IdeaText, language: language);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare, language), language);
        await DigestAsync();
        await _h.Press("bo", T(IdeasTexts.ButtonJoin, language, ("number", "1")), language);

        var list = await _h.Send("jonas", "/ideas", language: language);
        Assert.Equal(T(IdeasTexts.ListTitle, language, ("community", "Fællesskabet")), list.Texts[0]);
        Assert.StartsWith($"\"{IdeaText}\"\n{T(IdeasTexts.StatusShared, language)}", list.Texts[1], StringComparison.Ordinal);
        Assert.EndsWith(T(CheckInTexts.Suppressed, language), list.Texts[1], StringComparison.Ordinal);
        Assert.Equal([T(IdeasTexts.ButtonMakeActivity, language)], ParticipationKit.Labels(list.Messages[1].ButtonsJson));

        var name = await _h.PressPayload("jonas", Replies.ParseButtons(list.Messages[1].ButtonsJson)[0][0].Payload, list.Messages[1].Id, language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "name_idea", language).Replace("{idea_text}", IdeaText, StringComparison.Ordinal), name.Last);
        await _h.Send("jonas", "Søndagstur", language: language);
        var days = await _h.Send("jonas", "Parken", language: language);
        await _h.PressShownAsync("jonas", days.ButtonLabels[6]);
        await _h.PressShownAsync("jonas", days.ButtonLabels[7]);
        await _h.Send("jonas", "11:00", language: language);
        var before = await _w.LastOutboxIdAsync();
        await _h.Send("jonas", "2:00", language: language);

        await using (var db = _h.Db())
        {
            var activity = await db.Activities.SingleAsync(a => a.Name == "Søndagstur");
            Assert.Equal((_w.CommunityId, "Parken", WeekDays.Sunday), (activity.CommunityId, activity.Place, activity.Days));
            var idea = await db.Ideas.SingleAsync();
            Assert.Equal((IdeaStatus.BecameActivity, (long?)activity.Id), (idea.Status, idea.BecameActivityId));
        }
        var question = Assert.Single(await _w.InboxAsync("anna", before));
        Assert.Equal(T(IdeasTexts.HostQuestion, language, ("idea", IdeaText), ("activity", "Søndagstur")), question.Text);
        Assert.Equal([T(IdeasTexts.ButtonHostYes, language), T(IdeasTexts.ButtonHostNo, language)], ParticipationKit.Labels(question.ButtonsJson));

        before = await _w.LastOutboxIdAsync();
        var yes = await _h.Press("anna", T(IdeasTexts.ButtonHostYes, language), language);
        Assert.Equal([T(IdeasTexts.HostYes, language)], yes.Texts);
        Assert.Equal([T(IdeasTexts.HostYesToCoordinator, language, ("name", "Anna"), ("activity", "Søndagstur"))],
            (await _w.InboxAsync("jonas", before)).Select(m => m.Text));
        await using (var db = _h.Db())
        {
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            var activity = await db.Activities.SingleAsync(a => a.Name == "Søndagstur");
            // A member now; making her a host stays the coordinator's decision.
            Assert.False((await db.ActivityMembers.SingleAsync(m => m.ActivityId == activity.Id && m.PersonId == anna.Id)).IsHost);
        }
        // It is done: /ideas lists it no more.
        Assert.Equal([T(IdeasTexts.ListNone, language, ("community", "Fællesskabet"))], (await _h.Send("jonas", "/ideas", language: language)).Texts);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_waiting_idea_is_listed_in_ideas_and_can_be_shared_from_there(string language)
    {
        await MakeCoordinatorAsync("jonas", language);
        await _w.JoinAsync("anna", language);
        await _h.Send("anna", "/idea " + IdeaText, language: language);

        var list = await _h.Send("jonas", "/ideas", language: language);

        Assert.Equal(T(IdeasTexts.ListItem, language, ("idea", IdeaText), ("status", T(IdeasTexts.StatusWaiting, language)),
            ("date", Date(_h.Clock.GetUtcNow(), language)), ("count", T(CheckInTexts.Suppressed, language))), list.Texts[1]);
        Assert.Equal([T(IdeasTexts.ButtonShare, language), T(IdeasTexts.ButtonKeep, language), T(IdeasTexts.ButtonMakeActivity, language)],
            ParticipationKit.Labels(list.Messages[1].ButtonsJson));
        var shared = await _h.PressPayload("jonas", Replies.ParseButtons(list.Messages[1].ButtonsJson)[0][0].Payload, list.Messages[1].Id, language);
        Assert.Equal([T(IdeasTexts.SharedToCoordinator, language)], shared.Texts);
        Assert.Equal(IdeaStatus.Shared, (await OnlyIdeaAsync()).Status);
    }

    private static string Date(DateTimeOffset when, string language)
    {
        var info = Makker.Conversations.Dialogs.Languages.Info(language);
        return TimeZoneInfo.ConvertTime(when, TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")).ToString(info.DatePattern, info.CultureInfo);
    }

    [SkippableFact]
    public async Task Ideas_are_for_coordinators_only()
    {
        await _w.JoinAsync("anna");

        Assert.Equal([T(CoordinationTexts.NotCoordinator)], (await _h.Send("anna", "/ideas")).Texts);
    }

    [SkippableFact]
    public async Task Mydata_lists_ideas_and_forget_deletes_unshared_ones_and_keeps_shared_ones_without_a_name()
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));
        await _h.Send("anna", "/idea Et hemmeligt ønske");
        await DigestAsync();
        await _h.Press("bo", T(IdeasTexts.ButtonJoin, "da", ("number", "1")));

        var annaData = (await _h.Send("anna", "/mydata")).Last;
        Assert.Contains(T(IdeasTexts.MyDataProposed, "da", ("ideas", $"\"{IdeaText}\", \"Et hemmeligt ønske\"")), annaData, StringComparison.Ordinal);
        var boData = (await _h.Send("bo", "/mydata")).Last;
        Assert.Contains(T(IdeasTexts.MyDataInterest, "da", ("ideas", $"\"{IdeaText}\"")), boData, StringComparison.Ordinal);

        var anna = await _h.PersonAsync("anna");
        await _h.Send("anna", "/forget");
        await _h.Press("anna", WizardKit.ButtonOf(_h, DialogIds.Forget, "confirm", "erase"));

        await using (var db = _h.Db())
        {
            var left = await db.Ideas.SingleAsync();
            Assert.Equal((IdeaText, (long?)null), (left.Text, left.ProposerPersonId));
            // The coordinators' messages that named her went with her.
            Assert.False(await db.Outbox.AnyAsync(o => o.Text.Contains("Et hemmeligt ønske")));
        }
        await using (var db = _h.Db())
        {
            // The goodbye is the one row that still knows the address, until it is delivered.
            var goodbye = await db.Outbox.SingleAsync(o => o.Address == "anna");
            await OutboxDelivery.MarkDeliveredAsync(db, [goodbye.Id], _h.Clock.GetUtcNow());
        }
        Assert.Equal(0, _h.CountRowsMentioning(anna.Id, "anna"));

        await _h.Send("bo", "/forget");
        await _h.Press("bo", WizardKit.ButtonOf(_h, DialogIds.Forget, "confirm", "erase"));
        await using (var db = _h.Db())
        {
            Assert.False(await db.IdeaInterest.AnyAsync());
        }
    }

    [SkippableFact]
    public async Task An_idea_nobody_would_join_fades_after_90_days_and_one_with_interest_stays()
    {
        await MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _h.Send("anna", "/idea " + IdeaText);
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));
        await _h.Send("anna", "/idea Syng sammen");
        await _h.Press("jonas", T(IdeasTexts.ButtonShare));
        await DigestAsync();
        var weekly = Assert.Single(await IdeasMessagesToAsync("bo"));
        // The newest is listed first: "Syng sammen" is number 1.
        await _h.Press("bo", T(IdeasTexts.ButtonJoin, "da", ("number", "2")));

        _h.Clock.Advance(TimeSpan.FromDays(89));
        await _h.Services.GetRequiredService<Retention>().RunAsync(_h.Clock.GetUtcNow(), CancellationToken.None);
        await using (var db = _h.Db())
        {
            Assert.Equal(2, await db.Ideas.CountAsync());
        }
        _h.Clock.Advance(TimeSpan.FromDays(2));
        await _h.Services.GetRequiredService<Retention>().RunAsync(_h.Clock.GetUtcNow(), CancellationToken.None);
        await using (var db = _h.Db())
        {
            Assert.Equal([IdeaText], await db.Ideas.Select(i => i.Text).ToListAsync());
        }
        Assert.NotNull(weekly);
    }
}

public sealed class IdeasTestsOnPostgres : IdeasTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
