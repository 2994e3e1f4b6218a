using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Evaluation;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Tests.Features.Coordination;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Evaluation;

/// <summary>
/// The quarterly questions in the chat: asked first whether it is all right, then one question at a time, weeks apart,
/// with "Rather not say"; never to someone who said no, paused, or is over the weekly nudge budget; held over quiet hours.
/// In Danish and English. The Thursday dinner of 26 November 2026 is in Q4 2026.
/// </summary>
public sealed class QuarterlyQuestionsTests : IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private CheckInWorld _c = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync();
        _c = await CheckInWorld.CreateAsync(_h);
        await _c.World.JoinAsync("anna");
        await _c.World.JoinAsync("ben");
        await _c.World.JoinAsync("carl");
        await _c.World.JoinAsync("dora");
        await _c.DinnerAsync(0, new Dictionary<string, string?> { ["anna"] = null, ["ben"] = null, ["carl"] = null, ["dora"] = null });
        // Ben reads English from now on (the dinner's helpers press the Danish buttons).
        await using var db = _h.Db();
        await db.People.Where(p => p.ExternalId == "ben").ExecuteUpdateAsync(s => s.SetProperty(p => p.Language, "en"));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task RunAtAsync(DateTimeOffset at)
    {
        if (at > _h.Clock.GetUtcNow())
        {
            _h.Clock.SetUtcNow(at);
        }
        await _h.Services.GetServices<Makker.Scheduling.IRecurringWork>().OfType<QuarterlyRound>().Single().RunAsync(_h.Clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<OutboxMessage?> LastQuarterlyAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var token = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == QuarterlyRound.Purpose)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.MessageId).FirstOrDefaultAsync();
        return token is null ? null : await db.Outbox.SingleAsync(o => o.Id == token.MessageId);
    }

    private async Task<Replies> PressAsync(string who, OutboxMessage message, string label, string language = "da")
    {
        var button = Replies.ParseButtons(message.ButtonsJson).SelectMany(r => r).Single(b => b.Label == label);
        return await _h.PressPayload(who, button.Payload, message.Id, language);
    }

    [Fact]
    public async Task A_person_is_asked_once_whether_it_is_all_right_then_one_question_weeks_apart_and_Rather_not_say_counts_only_as_such()
    {
        // Carl paused for a week; Dora has had three nudges this week, the whole budget.
        await _h.Send("carl", "/pause");
        await _h.Press("carl", WizardKit.ButtonOf(_h, "pause", "choose", "week1"));
        await using (var db = _h.Db())
        {
            var dora = await db.People.SingleAsync(p => p.ExternalId == "dora");
            var occurrences = await db.Occurrences.OrderBy(o => o.StartsAt).Take(3).Select(o => o.Id).ToListAsync();
            foreach (var (id, n) in occurrences.Select((id, n) => (id, n)))
            {
                if (!await db.NudgesSent.AnyAsync(x => x.OccurrenceId == id && x.PersonId == dora.Id && x.Phase == 1))
                {
                    db.NudgesSent.Add(new NudgeSent { OccurrenceId = id, PersonId = dora.Id, Phase = 1, SentAt = _h.Clock.GetUtcNow().AddHours(-n - 1) });
                }
            }
            await db.SaveChangesAsync();
            Assert.True(await db.NudgesSent.CountAsync(x => x.PersonId == dora.Id && x.SentAt > _h.Clock.GetUtcNow().AddDays(-7)) >= 3);
        }

        // Friday 27 November, 10:00.
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2026, 11, 27), 10));
        var anna = await LastQuarterlyAsync("anna");
        Assert.NotNull(anna);
        Assert.Equal(_h.T(EvaluationTexts.AgreeAsk).Replace("{firstName}", "Anna").Replace("{community}", "Fællesskabet"), anna.Text);
        var ben = await LastQuarterlyAsync("ben");
        Assert.NotNull(ben);
        Assert.StartsWith("Hi Ben. May I ask you three short questions about", ben.Text, StringComparison.Ordinal);
        Assert.Null(await LastQuarterlyAsync("carl")); // paused
        Assert.Null(await LastQuarterlyAsync("dora")); // over the weekly budget

        Assert.Equal(_h.T(EvaluationTexts.Agreed), (await PressAsync("anna", anna, _h.T(EvaluationTexts.ButtonAgree))).Last);
        Assert.Equal("That's completely fine. I won't ask.", (await PressAsync("ben", ben, "No, thank you", "en")).Last);

        // A day later: nothing, the questions are spread out.
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2026, 11, 28), 10));
        Assert.Equal(anna.Id, (await LastQuarterlyAsync("anna"))!.Id);

        // Two weeks later, at 22:30: the first question, held to the end of the quiet hours; Ben is never asked again.
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2026, 12, 11), 22, 30));
        var question = (await LastQuarterlyAsync("anna"))!;
        Assert.NotEqual(anna.Id, question.Id);
        Assert.Equal("Et kort spørgsmål om Fællesskabet: Føler du dig velkommen her?", question.Text);
        Assert.Equal(CheckInWorld.Local(new DateOnly(2026, 12, 12), 9), question.NotBefore);
        Assert.Equal(["Ja", "Delvist", "Ikke endnu", _h.T("checkin.rather_not_say")], Replies.ParseButtons(question.ButtonsJson).SelectMany(r => r).Select(b => b.Label));
        Assert.Equal(ben.Id, (await LastQuarterlyAsync("ben"))!.Id);

        Assert.Equal(_h.T(EvaluationTexts.Thanks), (await PressAsync("anna", question, _h.T("checkin.rather_not_say"))).Last);
        await using (var db = _h.Db())
        {
            var answer = await db.QuarterAnswers.SingleAsync();
            Assert.Equal(("feel_welcome", "skip", new DateOnly(2026, 10, 1)), (answer.QuestionKey, answer.Answer, answer.Quarter));
            // Only what the numbers need: no occurrence, no message.
            Assert.Equal(1, await db.EvaluationConsent.CountAsync(c => c.Agreed));
        }

        // Carl's week of pause is over, and he came on 26 November: he is asked now.
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2026, 12, 12), 10));
        Assert.NotNull(await LastQuarterlyAsync("carl"));
        // /mydata shows Anna her answer; /forget takes it.
        Assert.Contains((await _h.Send("anna", "/mydata")).Texts, t => t.Contains(_h.T(EvaluationTexts.MyDataAnswers).Replace("{count}", "1"), StringComparison.Ordinal));
        await _h.Send("anna", "/forget");
        await _h.Press("anna", WizardKit.ButtonOf(_h, DialogIds.Forget, "confirm", "erase"));
        await using (var db = _h.Db())
        {
            Assert.Equal(0, await db.QuarterAnswers.CountAsync());
        }
    }

    [Fact]
    public async Task When_a_quarter_is_over_its_report_is_folded_and_the_coordinators_get_a_link_to_it_once()
    {
        await _c.MakeCoordinatorAsync("jonas");
        // Q4 2026 ends on 1 January; its report is ready four days later.
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2027, 1, 4), 10));
        Assert.DoesNotContain(await _c.World.InboxAsync("jonas"), m => m.Text.Contains("/report/", StringComparison.Ordinal));
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2027, 1, 5), 10));
        var told = Assert.Single(await _c.World.InboxAsync("jonas"), m => m.Text.Contains("/report/", StringComparison.Ordinal));
        // The quarter in words in the person's language; the address keeps its label.
        Assert.Equal($"Rapporten for 4. kvartal 2026 for Fællesskabet er klar: /dashboard/c/{_c.World.CommunityId}/report/2026-Q4", told.Text.Replace("http://localhost:5000", "", StringComparison.Ordinal));
        await using (var db = _h.Db())
        {
            Assert.True(await db.QuarterFigures.AnyAsync(f => f.CommunityId == _c.World.CommunityId && f.Quarter == new DateOnly(2026, 10, 1)));
        }
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2027, 1, 6), 10));
        Assert.Single(await _c.World.InboxAsync("jonas"), m => m.Text.Contains("/report/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Languages.Danish, "4. kvartal 2026")]
    [InlineData(Languages.English, "Q4 2026")]
    [InlineData(Languages.EasyDanish, "4. kvartal 2026")]
    [InlineData(Languages.Arabic, "الربع 4 من 2026")]
    [InlineData(Languages.Ukrainian, "4-й квартал 2026")]
    public void A_quarter_is_named_in_words_in_every_language(string language, string expected) =>
        Assert.Equal(expected, Quarter.Containing(new DateOnly(2026, 11, 3)).Name(_h.Services.GetRequiredService<DialogCatalog>(), language));

    private async Task<OutboxMessage> LastReflectAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var token = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == Reflections.Purpose)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.MessageId).FirstAsync();
        return await db.Outbox.SingleAsync(o => o.Id == token.MessageId);
    }

    [Fact]
    public async Task Each_partners_coordinator_reflects_on_the_quarter_with_five_taps_and_an_optional_note_in_Danish_and_English()
    {
        await _c.MakeCoordinatorAsync("jonas");
        await _c.MakeCoordinatorAsync("kim", _c.World.CommunityId);
        long kommunen, foreningen;
        await using (var db = _h.Db())
        {
            await db.People.Where(p => p.ExternalId == "kim").ExecuteUpdateAsync(s => s.SetProperty(p => p.Language, "en"));
            var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
            var kim = await db.People.SingleAsync(p => p.ExternalId == "kim");
            kommunen = (await Partners.AddAsync(db, jonas.Id, _c.World.CommunityId, "Kommunen", PartnerKind.Municipality, _h.Clock.GetUtcNow(), CancellationToken.None)).Id;
            foreningen = (await Partners.AddAsync(db, kim.Id, _c.World.CommunityId, "Foreningen", PartnerKind.Association, _h.Clock.GetUtcNow(), CancellationToken.None)).Id;
            Assert.True(await Partners.SetMineAsync(db, _c.World.CommunityId, jonas.Id, kommunen, _h.Clock.GetUtcNow(), CancellationToken.None));
            Assert.True(await Partners.SetMineAsync(db, _c.World.CommunityId, kim.Id, foreningen, _h.Clock.GetUtcNow(), CancellationToken.None));
        }
        await RunAtAsync(CheckInWorld.Local(new DateOnly(2027, 1, 5), 10));

        var first = await LastReflectAsync("jonas");
        Assert.Equal("Kommunen, 4. kvartal 2026. Hvor enig er du? (1 = slet ikke, 5 = helt)\nFolk kan komme og gå, uden at det får følger.", first.Text);
        Assert.Equal(["1", "2", "3", "4", "5"], Replies.ParseButtons(first.ButtonsJson).SelectMany(r => r).Select(b => b.Label));
        Replies last = null!;
        foreach (var score in new[] { "4", "4", "3", "5", "2" })
        {
            last = await PressAsync("jonas", await LastReflectAsync("jonas"), score);
        }
        Assert.Equal("Tak! Vil du tilføje en kort note til rapporten?", last.Last);
        await _h.Press("jonas", "Ja, jeg skriver en note");
        Assert.Equal("Tak! Jeres refleksion står nu i rapporten.", (await _h.Send("jonas", "Vi mødes nu hver måned.")).Last);

        Assert.StartsWith("Foreningen, Q4 2026. How far", (await LastReflectAsync("kim")).Text, StringComparison.Ordinal);
        foreach (var score in new[] { "5", "4", "4", "3", "2" })
        {
            last = await PressAsync("kim", await LastReflectAsync("kim"), score, "en");
        }
        Assert.Equal("Thank you! Would you like to add a short note to the report?", last.Last);
        Assert.Equal("Thank you! Your reflection is in the report now.", (await _h.Press("kim", "Nothing to add", "en")).Last);

        await using (var db = _h.Db())
        {
            var reflections = await db.PartnerReflections.OrderBy(r => r.PartnerId).ToListAsync();
            Assert.Equal(2, reflections.Count);
            Assert.Equal((kommunen, new DateOnly(2026, 10, 1), 4, 4, 3, 5, 2, "Vi mødes nu hver måned."),
                (reflections[0].PartnerId, reflections[0].Quarter, reflections[0].ComeAndGo, reflections[0].EqualFooting, reflections[0].MixedGroup, reflections[0].MeetRegularly, reflections[0].PlanAfter, reflections[0].Note));
            Assert.Equal((foreningen, 5, 2, (string?)null), (reflections[1].PartnerId, reflections[1].ComeAndGo, reflections[1].PlanAfter, reflections[1].Note));
        }
    }
}
