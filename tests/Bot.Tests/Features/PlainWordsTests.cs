using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features;

/// <summary>
/// Plain words instead of commands, tried as a new user would: "hvornår?" shows the next time with its buttons,
/// "jeg kommer" and "kan ikke" answer the open reminder as its buttons would, "stop" offers the pause, "hjælp" helps,
/// and anything else gets the friendly answer with buttons it always got.
/// </summary>
public class PlainWordsTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language = Languages.Danish) => _h.T(key, language);

    private PlainWords Words => _h.Services.GetRequiredService<DialogCatalog>().Words;

    [SkippableTheory]
    [InlineData("hello, when is dinner?", PlainIntents.When)]
    [InlineData("Hej! Hvornår er det?", PlainIntents.When)]
    [InlineData("hvornar", PlainIntents.When)]
    [InlineData("Ja!", PlainIntents.Coming)]
    [InlineData("I'm coming 😊", PlainIntents.Coming)]
    [InlineData("I’m coming", PlainIntents.Coming)]
    [InlineData("Jeg kommer ikke", PlainIntents.NotComing)]
    [InlineData("I'm not coming", PlainIntents.NotComing)]
    [InlineData("can't come, sorry", PlainIntents.NotComing)]
    [InlineData("Ikke i dag", PlainIntents.NotComing)]
    [InlineData("نعم", PlainIntents.Coming)]
    [InlineData("لا أستطيع", PlainIntents.NotComing)]
    [InlineData("متى العشاء؟", PlainIntents.When)]
    [InlineData("Так", PlainIntents.Coming)]
    [InlineData("Не можу", PlainIntents.NotComing)]
    [InlineData("STOP", PlainIntents.Pause)]
    [InlineData("hjælp mig", PlainIntents.Help)]
    [InlineData("lad mig være", PlainIntents.Pause)]
    [InlineData("start igen", PlainIntents.Resume)]
    [InlineData("Jeg kan godt lide kage", null)]
    [InlineData("Ja, og så ville jeg spørge om noget helt andet i morgen", null)]
    public void Plain_replies_are_recognised_in_every_language_and_long_messages_are_not_read_as_answers(string text, string? intent)
    {
        Assert.Equal(intent, Words.Match(text));
    }

    [SkippableFact]
    public async Task When_is_it_shows_the_next_time_with_the_reminders_buttons_and_a_press_answers_it()
    {
        await _w.JoinAsync("anna");

        var when = await _h.Send("anna", "hej, hvornår er det?");

        var next = Assert.Single(when.Messages);
        Assert.Equal("Torsdagsmiddag er torsdag den 26. november kl. 17:30 i Fælleshuset.", next.Text);
        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen"], ParticipationKit.Labels(next.ButtonsJson));
        var coming = await _h.Press("anna", "Jeg kommer");
        Assert.Equal(["Dejligt, Anna! Vi ses torsdag den 26. november kl. 17:30."], coming.Texts);

        var again = await _h.Send("anna", "hvornår");
        Assert.Equal("Torsdagsmiddag er torsdag den 26. november kl. 17:30 i Fælleshuset.\nDu har svaret: Jeg kommer", Assert.Single(again.Messages).Text);
    }

    [SkippableFact]
    public async Task Someone_in_no_activity_hears_how_to_join()
    {
        await _h.ConsentAsync("anna");

        var when = await _h.Send("anna", "hvornår?");

        Assert.Equal([T(PlainReplyTexts.NoActivities)], when.Texts);
    }

    [SkippableTheory]
    [InlineData("jeg kommer", "Jeg kommer", RsvpAnswer.Coming, "Dejligt, Anna! Vi ses i morgen kl. 17:30.")]
    [InlineData("kan ikke", "Ikke i dag", RsvpAnswer.NotToday, "Helt i orden. Vi ses en anden gang.")]
    public async Task A_plain_answer_answers_the_open_reminder_exactly_as_its_button_would(string text, string button, RsvpAnswer answer, string reply)
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;

        var replies = await _h.Send("anna", text);

        Assert.Equal([reply], replies.Texts);
        var edit = Assert.Single(replies.Edits);
        Assert.Equal(nudge.Id, edit.EditsMessageId);
        Assert.Equal(nudge.Text + "\n\n→ " + button, edit.Text);
        Assert.Equal(["Skift svar"], ParticipationKit.Labels(edit.ButtonsJson));
        await using var db = _h.Db();
        Assert.Equal(answer, (await db.Rsvps.SingleAsync()).Answer);
    }

    [SkippableFact]
    public async Task With_two_reminders_open_the_person_is_asked_which_one()
    {
        long repairId;
        await using (var db = _h.Db())
        {
            var repair = new Activity
            {
                CommunityId = _w.CommunityId, Name = "Reparationscafé", Place = "Biblioteket", Days = WeekDays.Thursday,
                StartsAt = new TimeOnly(19, 0), DurationMinutes = 120, InviteCode = "repair-inv1", CreatedAt = _h.Clock.GetUtcNow(),
            };
            db.Activities.Add(repair);
            await db.SaveChangesAsync();
            repairId = repair.Id;
        }
        await _w.JoinAsync("anna");
        await _h.Send("anna", "/start repair-inv1");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);

        var which = await _h.Send("anna", "ja");

        var question = Assert.Single(which.Messages);
        Assert.Equal(T(PlainReplyTexts.Which), question.Text);
        Assert.Equal(["Torsdagsmiddag i morgen kl. 17:30", "Reparationscafé i morgen kl. 19:00"], ParticipationKit.Labels(question.ButtonsJson));
        var answered = await _h.Press("anna", "Reparationscafé i morgen kl. 19:00");
        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 19:00."], answered.Texts);
        await using (var db = _h.Db())
        {
            var rsvp = await db.Rsvps.SingleAsync();
            Assert.Equal(RsvpAnswer.Coming, rsvp.Answer);
            Assert.Equal(repairId, (await db.Occurrences.SingleAsync(o => o.Id == rsvp.OccurrenceId)).ActivityId);
        }
        // The question's buttons went; the reminder shows the answer as after its own button.
        Assert.Empty(await _h.ButtonsShownAsync(question.Id));
    }

    [SkippableFact]
    public async Task A_yes_with_no_reminder_open_is_thanked_and_pointed_to_when()
    {
        await _w.JoinAsync("anna");

        var yes = await _h.Send("anna", "ja");

        Assert.Equal([T(PlainReplyTexts.NothingOpen)], yes.Texts);
        await using var db = _h.Db();
        Assert.False(await db.Rsvps.AnyAsync());
    }

    [SkippableFact]
    public async Task Stop_offers_the_pause_help_helps_and_start_again_ends_the_pause()
    {
        await _h.ConsentAsync("anna");
        var pause = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Pause);

        var stop = await _h.Send("anna", "Stop");
        Assert.Equal([pause.Steps["choose"].Ask!.Da], stop.Texts);
        await _h.Press("anna", "1 uge");

        var help = await _h.Send("anna", "hjælp");
        Assert.StartsWith(T(TextKeys.Help), help.Texts[0]);

        var resume = await _h.Send("anna", "start igen");
        Assert.Equal([T(TextKeys.ResumeDone)], resume.Texts);
    }

    [SkippableFact]
    public async Task Anything_else_keeps_the_friendly_answer_and_an_open_question_keeps_its_place()
    {
        await _h.ConsentAsync("anna");

        var other = await _h.Send("anna", "Jeg kan godt lide kage");
        Assert.Equal([T(TextKeys.Unknown)], other.Texts);
        Assert.Equal([T(TextKeys.ButtonHelp)], other.ButtonLabels);

        // Inside a question with buttons, words are not taken as something else: the question is asked again.
        await _h.Send("anna", "/pause");
        var inside = await _h.Send("anna", "hvornår");
        Assert.Equal(T(TextKeys.ButtonUseButtons), inside.Texts[0]);
    }

    [SkippableFact]
    public async Task Words_work_across_languages_an_English_reader_may_write_ja()
    {
        await _w.JoinAsync("sam", language: "en");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);

        var yes = await _h.Send("sam", "ja", language: "en");

        Assert.Equal(["Lovely, Sam! See you tomorrow at 17:30."], yes.Texts);
    }
}

public sealed class PlainWordsTestsOnPostgres : PlainWordsTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
