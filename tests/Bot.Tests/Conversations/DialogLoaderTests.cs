using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Announcements;
using Makker.Features.CheckIns;
using Makker.Features.Onboarding;
using Makker.Features.Participation;
using Makker.Features.Preferences;
using Makker.Features.Privacy;
using Makker.Tests.Harness;
using Microsoft.Extensions.Options;

namespace Makker.Tests.Conversations;

/// <summary>
/// Each test copies the real dialogs to a temporary folder, breaks one file in one place and checks that
/// loading stops with one line naming that file, the line of the mistake and what is wrong.
/// </summary>
public sealed class DialogLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("makker-dialogs-").FullName;

    internal static readonly IReadOnlySet<string> KnownActions = new IDialogActionSource[]
    {
        new OnboardingActions([]), new PreferenceActions(), new PrivacyActions(),
        new TalkToSomeone(new ActivityDirectory(Options.Create(new BotOptions()))),
        new AnnounceCommand(new Nudges(Options.Create(new ParticipationOptions()))),
        // Only their action names are read here, so their services are not needed.
        new Makker.Features.Coordination.WizardSteps(null!, null!, null!, null!, []),
        new Makker.Features.Ideas.IdeaCommand(null!, null!),
        new Makker.Features.HelpingHands.HelpingTaskWizard(null!, null!),
        new Makker.Features.Evaluation.Reflections(),
        new Makker.Features.Evaluation.PartnersWizard(),
    }.SelectMany(s => s.Actions).Select(a => a.Name).ToHashSet();

    public DialogLoaderTests()
    {
        foreach (var file in Directory.GetFiles(ConversationHarness.DialogsDirectory, "*.yaml", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_folder, Path.GetRelativePath(ConversationHarness.DialogsDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_real_dialogs_load_with_every_dialog_and_text_the_code_uses()
    {
        var catalog = DialogLoader.Load(ConversationHarness.DialogsDirectory, KnownActions);

        foreach (var id in DialogIds.All)
        {
            Assert.True(catalog.Dialogs.ContainsKey(id), $"dialog '{id}' is missing");
        }
        foreach (var key in TextKeys.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(catalog.Text(key, Languages.Danish)), key);
            Assert.False(string.IsNullOrWhiteSpace(catalog.Text(key, Languages.English)), key);
        }
        var pause = catalog.Dialog(DialogIds.Pause);
        Assert.Equal(["week1", "week2", "open", "keep"], pause.Steps[pause.Start].Buttons.Select(b => b.Id));
    }

    [Fact]
    public void The_copied_dialogs_load_too_so_each_failure_below_is_caused_by_its_own_change()
    {
        var catalog = DialogLoader.Load(_folder, KnownActions);

        Assert.Equal(DialogIds.All.Order(), catalog.Dialogs.Keys.Order());
    }

    [Theory]
    [InlineData("da: \"Okay. Påmindelserne fortsætter som før.\"", "da: Okay: Påmindelserne fortsætter som før.")] // a colon in a plain text
    [InlineData("da: \"Okay. Påmindelserne fortsætter som før.\"", "da: \"Okay. Påmindelserne fortsætter som før.")] // no closing quote
    [InlineData("text: { da: \"1 uge\", en: \"1 week\" }", "text: { da: \"1 uge\", en: \"1 week\" ")] // no closing brace
    [InlineData("      - id: week2", "     - id: week2")] // indented one space too little
    public void Invalid_yaml_names_the_file_and_the_line(string find, string replace)
    {
        var line = Break("pause.yaml", find, replace);

        AssertFails("pause.yaml", line, "this is not valid YAML");
    }

    [Fact]
    public void A_step_going_next_to_a_step_that_does_not_exist_names_the_next_line()
    {
        var line = Break("language.yaml",
            "      en: \"Great, I'll write in English from now on.\"\n    next: read_aloud_offer",
            "      en: \"Great, I'll write in English from now on.\"\n    next: the_end", lineOffset: 1);

        AssertFails("language.yaml", line, "step 'done' goes next to step 'the_end', which does not exist");
    }

    [Fact]
    public void A_button_leading_to_a_step_that_does_not_exist_names_the_next_line()
    {
        var line = Break("pause.yaml", "next: paused_open", "next: paused_opn");

        AssertFails("pause.yaml", line, "button 'open' leads to step 'paused_opn', which does not exist");
    }

    [Fact]
    public void A_dialog_starting_at_a_step_that_does_not_exist_names_the_start_line()
    {
        var line = Break("forget.yaml", "start: confirm", "start: confirn");

        AssertFails("forget.yaml", line, "starts at step 'confirn', which does not exist");
    }

    [Fact]
    public void A_button_without_Danish_text_is_refused()
    {
        var line = Break("pause.yaml", "text: { da: \"1 uge\", en: \"1 week\" }", "text: { en: \"1 week\" }");

        AssertFails("pause.yaml", line, "button 'week1' has no Danish text ('da')");
    }

    [Fact]
    public void A_text_without_Danish_is_refused_at_the_line_where_its_texts_are()
    {
        // Without its "da:" line, the texts of cancel.done start at the "en:" line, which moves up into its place.
        var line = Break("texts.yaml",
            "  cancel.done:\n    da: \"Okay, vi stopper her. Intet blev ændret.\"\n",
            "  cancel.done:\n", lineOffset: 1);

        AssertFails("texts.yaml", line, "text 'cancel.done' has no Danish text ('da')");
    }

    [Fact]
    public void A_text_without_English_is_refused()
    {
        var line = Break("texts.yaml", "button.help: { da: \"Hjælp\", en: \"Help\" }", "button.help: { da: \"Hjælp\" }");

        AssertFails("texts.yaml", line, "text 'button.help' has no English text ('en')");
    }

    [Fact]
    public void An_empty_English_text_counts_as_missing()
    {
        var line = Break("onboarding.yaml", "text: { da: \"Nej tak\", en: \"No thanks\" }", "text: { da: \"Nej tak\", en: \"\" }");

        AssertFails("onboarding.yaml", line, "button 'no' has no English text ('en')");
    }

    [Fact]
    public void A_button_leading_nowhere_is_refused_at_the_button()
    {
        var line = Break("pause.yaml",
            "      - id: keep\n        text: { da: \"Ingen pause alligevel\", en: \"No break after all\" }\n        next: kept\n",
            "      - id: keep\n        text: { da: \"Ingen pause alligevel\", en: \"No break after all\" }\n");

        AssertFails("pause.yaml", line, "button 'keep' leads nowhere");
    }

    [Fact]
    public void A_button_with_an_unknown_action_names_the_action_line()
    {
        var line = Break("forget.yaml", "action: privacy.erase", "action: privacy.erasee");

        AssertFails("forget.yaml", line, "button 'erase' uses action 'privacy.erasee', which the code does not know");
    }

    [Fact]
    public void A_step_with_an_unknown_action_names_the_action_line()
    {
        var line = Break("pause.yaml",
            "      en: \"Okay. Your reminders carry on as before.\"\n    next: end",
            "      en: \"Okay. Your reminders carry on as before.\"\n    action: preferences.nap\n    next: end", lineOffset: 1);

        AssertFails("pause.yaml", line, "step 'kept' uses action 'preferences.nap', which the code does not know");
    }

    [Fact]
    public void An_unknown_kind_of_input_names_the_input_line()
    {
        var line = Break("pause.yaml",
            "      en: \"Okay. Your reminders carry on as before.\"\n    next: end",
            "      en: \"Okay. Your reminders carry on as before.\"\n    input: number\n    next: end", lineOffset: 1);

        AssertFails("pause.yaml", line, "step 'kept': input 'number' is not known");
    }

    [Theory]
    [InlineData("pause.yaml", "    buttons:", "    buttns:", "unknown key 'buttns'")]
    [InlineData("pause.yaml", "        next: kept", "        nxt: kept", "unknown key 'nxt'")]
    [InlineData("onboarding.yaml", "start: welcome", "strat: welcome", "unknown key 'strat'")]
    [InlineData("pause.yaml", "text: { da: \"1 uge\", en: \"1 week\" }", "text: { da: \"1 uge\", eng: \"1 week\" }", "unknown key 'eng'")]
    [InlineData("texts.yaml", "texts:", "text:", "unknown key 'text'")]
    public void A_misspelt_key_is_refused_at_its_line(string file, string find, string replace, string problem)
    {
        var line = Break(file, find, replace);

        AssertFails(file, line, problem);
    }

    [Theory]
    [InlineData("        - { id: okay, text: { da: \"Okay\", en: \"Okay\" }, goes: digest }\n        - { id: not_good, text: { da: \"Ikke så godt\", en: \"Not so good\" }, goes: digest }\n", "", "question 'today' has 2 answers; give it 3 to 5")]
    [InlineData("goes: host }\n    - id: welcome", "goes: hots }\n    - id: welcome", "goes 'hots' is not known; use 'host'")]
    [InlineData("{ id: not_good,", "{ id: skip,", "not 'skip' or 'change'")]
    [InlineData("    - id: welcome", "    - id: today", "has two questions with id 'today'")]
    [InlineData("  volunteer:", "  volunter:", "unknown check-in set 'volunter'")]
    public void A_check_in_question_set_with_a_mistake_is_refused_at_its_line(string find, string replace, string problem)
    {
        var line = Break("checkin_questions.yaml", find, replace);
        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));

        AssertOneLine(e.Message);
        Assert.StartsWith("checkin_questions.yaml:", e.Message);
        Assert.Contains(problem, e.Message);
        // The reported line is at or just before the change (a list is reported where it starts).
        var reported = int.Parse(e.Message.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, line - 5, line);
    }

    [Fact]
    public void The_check_in_questions_load_with_rather_not_say_left_to_the_code()
    {
        var catalog = DialogLoader.Load(ConversationHarness.DialogsDirectory, KnownActions);

        foreach (var variant in CheckInVariants.All)
        {
            Assert.NotEmpty(catalog.CheckIns[variant]);
            Assert.All(catalog.CheckIns[variant], q => Assert.InRange(q.Answers.Count, 3, 5));
        }
        Assert.Equal(["today", "welcome", "someone_new", "come_again"], catalog.CheckIns[CheckInVariants.Participant].Select(q => q.Id));
        Assert.Equal(CheckInRoute.Host, catalog.CheckIns[CheckInVariants.Participant][0].Answers.Single(a => a.Id == "talk").Route);
        Assert.Equal(CheckInRoute.Numbers, catalog.CheckIns[CheckInVariants.Participant][2].Answers.Single(a => a.Id == "no").Route);
    }

    [Fact]
    public void A_step_defined_twice_is_refused_rather_than_one_silently_winning()
    {
        var line = Break("pause.yaml", "  kept:\n", "  paused_open:\n    say: { da: \"x\", en: \"x\" }\n    next: end\n  kept:\n");

        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));
        AssertOneLine(e.Message);
        Assert.StartsWith($"pause.yaml:{line}: ", e.Message);
        Assert.Contains("paused_open", e.Message);
    }

    [Fact]
    public void Every_text_is_in_all_five_languages_with_the_placeholders_of_the_Danish_and_English()
    {
        var catalog = DialogLoader.Load(ConversationHarness.DialogsDirectory, KnownActions);

        Assert.Equal(["da", "da-easy", "en", "ar", "uk"], Languages.All);
        foreach (var (key, text) in catalog.Texts)
        {
            foreach (var language in Languages.All)
            {
                Assert.False(string.IsNullOrWhiteSpace(text.For(language)), $"{key} in {language}");
                Assert.Equal(Placeholders(text.Da), Placeholders(text.For(language)));
            }
            // Translated, not copied: a translation may equal the Danish or English only where nothing is in words.
            if (System.Text.RegularExpressions.Regex.Replace(text.En, @"\{[A-Za-z]+\}", "").Any(char.IsLetter))
            {
                Assert.NotEqual(text.En, text.For(Languages.Arabic));
                Assert.NotEqual(text.En, text.For(Languages.Ukrainian));
            }
        }
        var consent = catalog.Dialog(DialogIds.Onboarding).Steps["consent"];
        Assert.Equal("نعم، موافق", consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Arabic));
        Assert.Equal("Так, добре", consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Ukrainian));
        Assert.Equal("✅ Ja, det er fint", consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.EasyDanish));
        Assert.Equal("جيد", catalog.CheckIns[CheckInVariants.Participant][0].Answers[0].Label.For(Languages.Arabic));
        // A language's own name is the same for everyone.
        var choose = catalog.Dialog(DialogIds.Language).Steps["choose"];
        Assert.All(Languages.All, l => Assert.Equal("العربية", choose.Buttons.Single(b => b.Id == "ar").Label.For(l)));
        Assert.Equal(["languages/da-easy.yaml", "languages/ar.yaml", "languages/uk.yaml"], catalog.AwaitingReview);
    }

    private static IReadOnlyList<string> Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{[A-Za-z]+\}").Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void A_text_missing_from_a_language_names_the_file_the_nearest_line_the_key_and_the_English_to_translate()
    {
        Break("languages/uk.yaml", "  help: \"Ось із чим я можу допомогти:\"\n", "");
        var texts = LineOf("languages/uk.yaml", "texts:");

        AssertFails("languages/uk.yaml", texts, "text 'help' has no Ukrainian text; add it as 'texts: help' (the English is \"Here's what I can help with:\")");
    }

    [Fact]
    public void A_button_missing_from_a_language_is_reported_at_its_step()
    {
        Break("languages/ar.yaml", "        week1: \"أسبوع واحد\"\n", "");
        var buttons = LineOf("languages/ar.yaml", "  pause:\n    choose:\n      ask:") + 3;

        AssertFails("languages/ar.yaml", buttons, "dialog 'pause' step 'choose' button 'week1' has no Arabic text; add it as 'dialogs: pause: choose: buttons: week1'");
    }

    [Fact]
    public void A_check_in_answer_missing_from_easy_read_Danish_is_refused()
    {
        Break("languages/da-easy.yaml", "        not_good: \"😕 Ikke så godt\"\n", "");

        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));
        AssertOneLine(e.Message);
        Assert.StartsWith("languages/da-easy.yaml:", e.Message);
        Assert.Contains("check-in answer 'not_good' of 'today' (participant) has no easy-read Danish text; add it as 'checkins: participant: today: answers: not_good'", e.Message);
    }

    [Fact]
    public void A_translation_with_other_placeholders_is_refused_at_its_line()
    {
        var line = Break("languages/ar.yaml", "مرحبًا {firstName}! لدينا", "مرحبًا {الاسم}! لدينا {name}");

        AssertFails("languages/ar.yaml", line,
            "text 'nudge.first' uses {activity} {name} {place} {when}, but the Danish and English use {activity} {firstName} {place} {when}");
    }

    [Fact]
    public void A_translated_text_the_Danish_and_English_do_not_have_is_refused_as_a_typo()
    {
        var line = Break("languages/da-easy.yaml", "  plain.which:", "  plain.whitch:");

        AssertFails("languages/da-easy.yaml", line, "'texts: plain.whitch' is not in the Danish and English files (a typo, or a text that was removed?)");
    }

    [Fact]
    public void A_language_name_the_same_in_every_language_is_not_translated()
    {
        var line = Break("languages/uk.yaml", "    choose:\n      ask: \"Яку мову", "    choose:\n      buttons:\n        da: \"Данська\"\n      ask: \"Яку мову", lineOffset: 2);

        AssertFails("languages/uk.yaml", line, "dialog 'language' step 'choose' button 'da' is the same in every language (\"Dansk\"); leave it out here");
    }

    [Fact]
    public void A_language_without_its_file_stops_start_up()
    {
        File.Delete(Path.Combine(_folder, "languages", "ar.yaml"));

        AssertFails("languages/ar.yaml", 1, "the file is missing; every language needs one");
    }

    [Theory]
    [InlineData("fr.yaml", "the code knows no language 'fr'")]
    [InlineData("da.yaml", "Danish is written in the dialog files themselves")]
    public void A_file_for_a_language_the_code_does_not_have_is_refused(string file, string problem)
    {
        File.Copy(Path.Combine(_folder, "languages", "uk.yaml"), Path.Combine(_folder, "languages", file));

        AssertFails("languages/" + file, 1, problem);
    }

    [Fact]
    public void A_language_file_must_say_whether_a_native_speaker_has_reviewed_it()
    {
        Break("languages/uk.yaml", "native_review: needed\n", "");

        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));
        Assert.StartsWith("languages/uk.yaml:", e.Message);
        Assert.Contains("'native_review' is missing", e.Message);
    }

    [Fact]
    public void A_reviewed_language_is_no_longer_awaiting_review()
    {
        Break("languages/uk.yaml", "native_review: needed", "native_review: \"Olena Kovalenko, 2027-01-12\"");

        Assert.Equal(["languages/da-easy.yaml", "languages/ar.yaml"], DialogLoader.Load(_folder, KnownActions).AwaitingReview);
    }

    [Fact]
    public void Danish_and_English_with_different_placeholders_are_refused()
    {
        var line = Break("texts.yaml", "en: \"Hi again, {firstName}! Good to see you.", "en: \"Hi again, {name}! Good to see you.", lineOffset: -1);

        AssertFails("texts.yaml", line, "text 'start.welcome_back' uses {firstName} in Danish but {name} in English");
    }

    [Theory]
    [InlineData("plain_words.yaml", "\"hvornår\", \"hvornår er det\"", "\"hvornår\", \"ja tak\"", "'ja tak' is under 'coming' here and under 'when' at plain_words.yaml:")]
    [InlineData("plain_words.yaml", "  resume:", "  resum:", "unknown plain-words intent 'resum'")]
    [InlineData("languages/ar.yaml", "  help: [\"مساعدة\"", "  hjelp: [\"مساعدة\"", "unknown plain-words intent 'hjelp'")]
    public void Plain_words_that_mean_two_things_or_no_known_thing_are_refused(string file, string find, string replace, string problem)
    {
        Break(file, find, replace);

        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));
        AssertOneLine(e.Message);
        Assert.StartsWith(file + ":", e.Message);
        Assert.Contains(problem, e.Message);
    }

    /// <summary>The 1-based line where <paramref name="text"/> starts in a copied file.</summary>
    private int LineOf(string file, string text)
    {
        var content = File.ReadAllText(Path.Combine(_folder, file)).ReplaceLineEndings("\n");
        var at = content.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{text}' is not in {file}");
        return content[..at].Count(c => c == '\n') + 1;
    }

    /// <summary>Replaces the one occurrence of <paramref name="find"/> and returns the 1-based line it started on plus the offset.</summary>
    private int Break(string file, string find, string replace, int lineOffset = 0)
    {
        var path = Path.Combine(_folder, file);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in {file}");
        Assert.True(text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' is in {file} more than once");
        File.WriteAllText(path, text[..at] + replace + text[(at + find.Length)..]);
        return text[..at].Count(c => c == '\n') + 1 + lineOffset;
    }

    private void AssertFails(string file, int line, string problem)
    {
        var e = Assert.Throws<DialogFileException>(() => DialogLoader.Load(_folder, KnownActions));
        AssertOneLine(e.Message);
        Assert.StartsWith($"{file}:{line}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    private static void AssertOneLine(string message)
    {
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
    }
}
