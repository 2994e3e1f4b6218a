using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Tests.Harness;

namespace Makker.Tests.Conversations;

/// <summary>
/// Easy-read Danish (let dansk) as its rules say: short sentences, no abbreviations, an emoji at the start of a reminder
/// and on each answer button, the weekday beside every date. Measured over every easy-read text there is.
/// </summary>
public sealed partial class EasyReadTests
{
    private const int MaxWordsPerSentence = 12;

    /// <summary>What the code puts into the texts, as an easy-read reader would see it; anything else counts as one word.</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["activity"] = "Torsdagsmiddag",
        ["place"] = "Fælleshuset",
        ["when"] = "torsdag 10. december klokken 17.30",
        ["date"] = "torsdag 10. december",
        ["until"] = "torsdag 10. december",
        ["since"] = "torsdag 10. december",
        ["dates"] = "torsdag 10. december",
        ["time"] = "17.30",
        ["meetTime"] = "17.15",
        ["from"] = "15.30",
        ["to"] = "18.00",
        ["firstName"] = "Anna",
        ["meetingPoint"] = "ved indgangen til Fælleshuset",
        ["hosts"] = "Mette og Lars",
        ["names"] = "Anna, Bo og Carl",
        ["pairs"] = "Anna med Bo",
        ["roles"] = "madlavning og opvask",
        ["role"] = "madlavning",
        ["frequency"] = "en gang om ugen",
        ["community"] = "Fællesskabet",
        ["question"] = "Hvordan var det i dag?",
    };

    private static readonly string[] Abbreviations = ["kl.", "f.eks.", "fx", "bl.a.", "osv.", "ca.", "evt.", "pga.", "dvs.", "mht.", "inkl.", "pr.", "nr.", "tlf.", "ift."];

    private static DialogCatalog Catalog => field ??= DialogLoader.Load(ConversationHarness.DialogsDirectory, DialogLoaderTests.KnownActions);

    [Fact]
    public void Every_easy_read_sentence_has_at_most_about_twelve_words()
    {
        var texts = EveryText().ToList();
        Assert.True(texts.Count > 300, "the measure only means something over all the texts");
        var tooLong = new List<string>();
        foreach (var (where, text) in texts)
        {
            foreach (var sentence in Sentences(Expand(text)))
            {
                var words = Words(sentence);
                if (words > MaxWordsPerSentence)
                {
                    tooLong.Add($"{where}: {words} words: {sentence}");
                }
            }
        }
        Assert.True(tooLong.Count == 0, "Easy-read sentences longer than " + MaxWordsPerSentence + " words:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void The_measure_counts_as_a_reader_would()
    {
        // A date's "10." and the clock's "17.30" do not end a sentence; a full stop before a capital does.
        Assert.Equal(["Torsdagsmiddag er torsdag 10. december klokken 17.30.", "Kommer du?"],
            Sentences("Torsdagsmiddag er torsdag 10. december klokken 17.30. Kommer du?"));
        Assert.Equal(7, Words("📅 Torsdagsmiddag er torsdag 10. december klokken 17.30."));
        // A placeholder counts as the words it becomes: 4 + 5 + 4.
        Assert.Equal(13, Words(Expand("Vi ses med {firstName} {when} ved indgangen til huset.")));
    }

    [Fact]
    public void Easy_read_texts_use_no_abbreviations()
    {
        var found = EveryText()
            .SelectMany(t => Abbreviations.Where(a => AbbreviationPattern(a).IsMatch(t.Text)).Select(a => $"{t.Where}: '{a}' in: {t.Text}"))
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void A_reminder_starts_with_an_emoji_and_every_answer_button_has_one()
    {
        string Easy(string key) => Catalog.Text(key, Languages.EasyDanish);
        foreach (var nudge in new[] { ParticipationTexts.NudgeFirst, ParticipationTexts.NudgeSecond, CheckInTexts.Ask })
        {
            Assert.True(StartsWithEmoji(Easy(nudge)), nudge);
        }
        var answers = new List<string>
        {
            Easy(ParticipationTexts.ButtonComing), Easy(ParticipationTexts.ButtonNotToday), Easy(ParticipationTexts.ButtonWithSomeone),
            Easy(CheckInTexts.RatherNotSay),
        };
        answers.AddRange(Catalog.CheckIns.Values.SelectMany(q => q).SelectMany(q => q.Answers).Select(a => a.Label.For(Languages.EasyDanish)));
        answers.AddRange(Catalog.Dialog(DialogIds.Onboarding).Steps["consent"].Buttons.Select(b => b.Label.For(Languages.EasyDanish)));
        Assert.All(answers, a => Assert.True(StartsWithEmoji(a), a));
        // The standard Danish stays as it was.
        Assert.False(StartsWithEmoji(Catalog.Text(ParticipationTexts.ButtonComing, Languages.Danish)));
    }

    [Fact]
    public async Task A_date_in_easy_read_has_its_weekday_beside_it_and_the_time_in_words_a_reader_knows()
    {
        await using var h = await ConversationHarness.StartAsync();
        var w = await ParticipationWorld.CreateAsync(h);
        await h.Send("anna", "/start");
        await h.Press("anna", "🌍 Let dansk eller et andet sprog");
        await h.Press("anna", "Let dansk");
        await h.Press("anna", "✅ Ja, det er fint");

        // Tuesday morning: the dinner is on Thursday, not tomorrow, so it is named by its date.
        var joined = await h.Send("anna", "/start " + ParticipationWorld.InviteCode);

        Assert.Equal(["Velkommen til Torsdagsmiddag!\nNæste gang er torsdag 26. november klokken 17.30.\nDet er i Fælleshuset."], joined.Texts);
        Assert.Equal(DayOfWeek.Tuesday, h.Clock.GetUtcNow().DayOfWeek);
    }

    private static IEnumerable<(string Where, string Text)> EveryText()
    {
        foreach (var (key, text) in Catalog.Texts)
        {
            yield return ($"texts: {key}", text.For(Languages.EasyDanish));
        }
        foreach (var dialog in Catalog.Dialogs.Values)
        {
            foreach (var step in dialog.Steps.Values)
            {
                foreach (var (part, text) in new[] { ("say", step.Say), ("ask", step.Ask), ("retry", step.Retry) })
                {
                    if (text is not null)
                    {
                        yield return ($"dialogs: {dialog.Id}: {step.Id}: {part}", text.For(Languages.EasyDanish));
                    }
                }
                foreach (var button in step.Buttons)
                {
                    yield return ($"dialogs: {dialog.Id}: {step.Id}: buttons: {button.Id}", button.Label.For(Languages.EasyDanish));
                }
            }
        }
        foreach (var question in Catalog.CheckIns.Values.SelectMany(q => q))
        {
            yield return ($"checkins: {question.Id}", question.Ask.For(Languages.EasyDanish));
            foreach (var answer in question.Answers)
            {
                yield return ($"checkins: {question.Id}: {answer.Id}", answer.Label.For(Languages.EasyDanish));
            }
        }
    }

    private static string Expand(string text) =>
        Placeholder().Replace(text, m => Samples.TryGetValue(m.Groups[1].Value, out var sample) ? sample : "x");

    /// <summary>Each line, cut after a full stop, question or exclamation mark that a capital letter or emoji follows.</summary>
    private static List<string> Sentences(string text) =>
        [.. text.Split('\n').SelectMany(line => SentenceEnd().Split(line)).Select(s => s.Trim()).Where(s => s.Length > 0)];

    /// <summary>Words have a letter or a digit; emoji, dashes and bullets are not words.</summary>
    private static int Words(string sentence) =>
        sentence.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    private static bool StartsWithEmoji(string text) =>
        text.EnumerateRunes().FirstOrDefault() is var first && Rune.GetUnicodeCategory(first) == UnicodeCategory.OtherSymbol;

    private static Regex AbbreviationPattern(string abbreviation) =>
        new($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(abbreviation)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[^\p{Ll}\p{N}])")]
    private static partial Regex SentenceEnd();
}
