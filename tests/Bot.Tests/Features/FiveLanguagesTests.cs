using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features;

/// <summary>
/// The same week in each language: /start and the yes, joining the Thursday dinner, the nudge the day before, "Not
/// today" and then "I'm coming" instead, and the one question after. Arabic and Ukrainian are picked by the app's
/// language (Telegram's language_code), easy-read Danish is chosen on the consent question.
/// </summary>
public class FiveLanguagesTests : RunsOnBothDatabases, IAsyncLifetime
{
    // First Strong Isolate and Pop Directional Isolate: each value in an Arabic text is one.
    private const string I = "\u2068", P = "\u2069";

    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private sealed record Week(string Language, string AppLanguage, string Nudge, string[] NudgeButtons, string Coming, string CheckIn, string[] Answers);

    private static readonly Dictionary<string, Week> Weeks = new[]
    {
        new Week(Languages.Danish, "da",
            "Hej Anna! Der er Torsdagsmiddag i morgen kl. 17:30 i Fælleshuset. Kommer du?",
            ["Jeg kommer", "Ikke i dag", "Følges med nogen"],
            "Dejligt, Anna! Vi ses i morgen kl. 17:30.",
            "Tak for Torsdagsmiddag, Anna. Bare ét spørgsmål: Hvordan var det i dag?",
            ["Godt", "Okay", "Ikke så godt", "Jeg vil gerne tale med nogen", "Vil helst ikke sige"]),
        new Week(Languages.EasyDanish, "da",
            "📅 Hej Anna! Torsdagsmiddag er i morgen klokken 17.30.\nDet er i Fælleshuset.\nKommer du?",
            ["✅ Jeg kommer", "🏠 Ikke i dag", "🤝 Jeg vil følges med nogen"],
            "Dejligt, Anna! 😊\nVi ses i morgen klokken 17.30.",
            "💬 Tak for Torsdagsmiddag, Anna.\nJeg har ét spørgsmål:\nHvordan var det i dag?",
            ["😀 Godt", "🙂 Okay", "😕 Ikke så godt", "💬 Jeg vil gerne tale med nogen", "🤐 Det vil jeg helst ikke sige"]),
        new Week(Languages.English, "en-GB",
            "Hi Anna! There's Torsdagsmiddag tomorrow at 17:30 at Fælleshuset. Are you coming?",
            ["I'm coming", "Not today", "Come with someone"],
            "Lovely, Anna! See you tomorrow at 17:30.",
            "Thanks for Torsdagsmiddag, Anna. Just one question: How was today?",
            ["Good", "Okay", "Not so good", "I'd like to talk to someone", "Rather not say"]),
        new Week(Languages.Arabic, "ar",
            $"مرحبًا {I}Anna{P}! لدينا {I}Torsdagsmiddag{P} {I}غدًا الساعة {I}17:30{P}{P} في {I}Fælleshuset{P}. هل ستأتي؟",
            ["سآتي", "ليس اليوم", "أريد أن آتي مع أحد"],
            $"رائع يا {I}Anna{P}! نراك {I}غدًا الساعة {I}17:30{P}{P}.",
            $"شكرًا على {I}Torsdagsmiddag{P} يا {I}Anna{P}. سؤال واحد فقط: {I}كيف كان اليوم؟{P}",
            ["جيد", "لا بأس", "ليس جيدًا جدًا", "أودّ أن أتحدث مع أحد", "أفضّل ألا أقول"]),
        new Week(Languages.Ukrainian, "uk",
            "Привіт, Anna! Torsdagsmiddag відбудеться завтра о 17:30, місце: Fælleshuset. Ви прийдете?",
            ["Я прийду", "Не сьогодні", "Прийти з кимось"],
            "Чудово, Anna! До зустрічі завтра о 17:30.",
            "Дякуємо за Torsdagsmiddag, Anna. Лише одне питання: Як було сьогодні?",
            ["Добре", "Нормально", "Не дуже", "Я хочу з кимось поговорити", "Волію не казати"]),
    }.ToDictionary(w => w.Language);

    [SkippableTheory]
    [InlineData(Languages.Danish)]
    [InlineData(Languages.EasyDanish)]
    [InlineData(Languages.English)]
    [InlineData(Languages.Arabic)]
    [InlineData(Languages.Ukrainian)]
    public async Task A_week_of_the_dinner_in_each_language(string code)
    {
        var week = Weeks[code];
        var catalog = _h.Services.GetRequiredService<DialogCatalog>();
        var consent = catalog.Dialog(DialogIds.Onboarding).Steps["consent"];
        var language = week.Language;

        // Onboarding: the welcome and the consent question in the person's language, and the yes.
        var start = await _h.Send("anna", "/start", language: week.AppLanguage);
        if (language == Languages.EasyDanish)
        {
            // Nobody's app says "easy-read": it is one tap on the consent question, and the question comes again.
            await _h.Press("anna", consent.Buttons.Single(b => b.Id == "language").Label.Da, week.AppLanguage);
            var chosen = await _h.Press("anna", "Let dansk", week.AppLanguage);
            Assert.Equal(catalog.Dialog(DialogIds.Language).Steps["done"].Say!.For(language), chosen.Texts[0]);
            start = chosen;
        }
        Assert.Equal(consent.Ask!.For(language), start.Last);
        Assert.Equal(consent.Buttons.Select(b => b.Label.For(language)), start.Messages[^1].ButtonLabelsOf());
        var ready = await _h.Press("anna", consent.Buttons.Single(b => b.Id == "yes").Label.For(language), week.AppLanguage);
        Assert.Equal(Render(catalog.Dialog(DialogIds.Onboarding).Steps["ready"].Say!.For(language), language), ready.Texts[0]);
        Assert.Equal(language, (await _h.PersonAsync("anna")).Language);

        await _h.Send("anna", "/start " + ParticipationWorld.InviteCode, language: week.AppLanguage);

        // The nudge the day before, its buttons, and both answers.
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;
        Assert.Equal(week.Nudge, nudge.Text);
        Assert.Equal(language, nudge.Language);
        Assert.Equal(week.NudgeButtons, ParticipationKit.Labels(nudge.ButtonsJson));
        var notToday = await _h.Press("anna", week.NudgeButtons[1], week.AppLanguage);
        Assert.Equal([catalog.Text(ParticipationTexts.RsvpNotToday, language)], notToday.Texts);
        // She changes her mind: the answers come back, and "I'm coming".
        await _h.PressShownAsync("anna", catalog.Text(ParticipationTexts.ButtonChangeAnswer, language));
        var coming = await _h.PressShownAsync("anna", week.NudgeButtons[0]);
        Assert.Equal([week.Coming], coming.Texts);

        // The one question after the dinner, one tap, one thank-you.
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 30));
        var question = (await _w.InboxAsync("anna")).Last();
        Assert.Equal(week.CheckIn, question.Text);
        Assert.Equal(week.Answers, ParticipationKit.Labels(question.ButtonsJson));
        var thanks = await _h.Press("anna", week.Answers[0], week.AppLanguage);
        Assert.Equal([catalog.Text(CheckInTexts.Thanks, language)], thanks.Texts);
    }

    private static string Render(string template, string language) =>
        template.Replace("{firstName}", language == Languages.Arabic ? I + "Anna" + P : "Anna", StringComparison.Ordinal);
}

public sealed class FiveLanguagesTestsOnPostgres : FiveLanguagesTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

internal static class OutboxLabels
{
    public static IReadOnlyList<string> ButtonLabelsOf(this Makker.Storage.OutboxMessage message) => ParticipationKit.Labels(message.ButtonsJson);
}
