using YamlDotNet.RepresentationModel;

namespace Makker.Conversations.Dialogs;

/// <summary>
/// The languages beyond Danish and English, one file each in dialogs/languages ("ar.yaml"): every text, every
/// dialog's prompts and buttons and every check-in question, under the same names as in the Danish and English files.
/// A text missing, one too many (a typo, or a text since removed) or one whose placeholders differ stops start-up with
/// one line naming the file, the line and the key.
/// </summary>
public static partial class DialogLoader
{
    public const string LanguagesFolder = "languages";

    /// <summary>Says a file has not been reviewed by a native speaker yet; anything else names who reviewed it, when.</summary>
    public const string ReviewNeeded = "needed";

    private static readonly string[] LanguageFileKeys = ["language", "native_review", "texts", "dialogs", "checkins", "words"];

    /// <summary>One translatable text and where it lives: "dialogs: pause: choose: ask".</summary>
    private sealed record Slot(string Path, string What, LocalizedText Text);

    private static List<string> LoadTranslations(string directory, Dictionary<string, DialogDefinition> dialogs,
        Dictionary<string, LocalizedText> texts, Dictionary<string, IReadOnlyList<CheckInQuestionDefinition>> checkIns, WordsBuilder words)
    {
        var folder = Path.Combine(directory, LanguagesFolder);
        var present = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var code in present.Where(c => !Languages.Translated.Contains(c)))
        {
            var why = Languages.Base.Contains(code)
                ? $"{Languages.Info(code).Name} is written in the dialog files themselves (as '{code}:'), not in a file of its own."
                : $"the code knows no language '{code}' (it knows {string.Join(", ", Languages.Translated)}); a new language is also one line in Languages (see README).";
            throw new DialogFileException($"{LanguagesFolder}/{code}.yaml:1: {why}");
        }
        var slots = Slots(dialogs, texts, checkIns);
        var awaitingReview = new List<string>();
        foreach (var code in Languages.Translated)
        {
            var name = $"{LanguagesFolder}/{code}.yaml";
            if (!present.Contains(code))
            {
                throw new DialogFileException($"{name}:1: the file is missing; every language needs one with all its texts (copy another language's file and translate it).");
            }
            var root = Parse(Path.Combine(folder, code + ".yaml"), name)
                ?? throw new DialogFileException($"{name}:1: the file is empty.");
            if (ReadTranslation(root, code, name, slots, words))
            {
                awaitingReview.Add(name);
            }
        }
        return awaitingReview;
    }

    /// <summary>Reads one language's file into the texts; true when it still waits for a native speaker's review.</summary>
    private static bool ReadTranslation(YamlMappingNode root, string code, string file, IReadOnlyDictionary<string, Slot> slots, WordsBuilder words)
    {
        var language = Languages.Info(code);
        RequireOnlyKeys(root, LanguageFileKeys, file);
        var declared = RequireScalar(root, "language", file);
        if (declared != code)
        {
            throw Fail(file, ValueOf(root, "language"), $"the file says it is language '{declared}', but its name says '{code}'.");
        }
        var review = OptionalScalar(root, "native_review", file)
            ?? throw Fail(file, root, $"'native_review' is missing: write '{ReviewNeeded}' until a native speaker has read every text, then who did and when.");

        // Where each key of the file is, so a missing text is reported at the nearest place it belongs.
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in new[] { "texts", "dialogs", "checkins" })
        {
            if (root.Children.TryGetValue(new YamlScalarNode(section), out var node))
            {
                lines[section] = (int)KeyOf(root, section).Start.Line;
                Walk(node, section, file, (path, leaf) => Translate(path, leaf, language, file, slots), lines);
            }
        }
        if (root.Children.TryGetValue(new YamlScalarNode("words"), out var wordsNode))
        {
            ReadTranslatedWords(wordsNode as YamlMappingNode ?? throw Fail(file, wordsNode, "'words' must be a mapping of intents to lists of phrases."),
                code, words, file);
        }
        foreach (var slot in slots.Values.Where(s => !s.Text.SameInEveryLanguage && !s.Text.Has(code)))
        {
            throw new DialogFileException($"{file}:{NearestLine(slot.Path, lines)}: {slot.What} has no {language.Name} text; "
                + $"add it as '{slot.Path}' (the English is \"{Preview(slot.Text.En)}\").");
        }
        return review == ReviewNeeded;
    }

    private static void Translate(string path, YamlScalarNode leaf, LanguageInfo language, string file, IReadOnlyDictionary<string, Slot> slots)
    {
        if (!slots.TryGetValue(path, out var slot))
        {
            throw Fail(file, leaf, $"'{path}' is not in the Danish and English files (a typo, or a text that was removed?).");
        }
        if (slot.Text.SameInEveryLanguage)
        {
            throw Fail(file, leaf, $"{slot.What} is the same in every language (\"{Preview(slot.Text.En)}\"); leave it out here.");
        }
        var text = (leaf.Value ?? "").TrimEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Fail(file, leaf, $"{slot.What} is empty.");
        }
        var expected = Placeholders(slot.Text.Da);
        var found = Placeholders(text);
        if (!found.SetEquals(expected))
        {
            throw Fail(file, leaf, $"{slot.What} uses {Show(found)}, but the Danish and English use {Show(expected)}; "
                + "a placeholder is filled in by the code, so write it exactly as there (never translated).");
        }
        slot.Text.Set(language.Code, text);
    }

    /// <summary>Calls <paramref name="leaf"/> for each text in a section, with its path ("dialogs: pause: choose: ask").</summary>
    private static void Walk(YamlNode node, string path, string file, Action<string, YamlScalarNode> leaf, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                leaf(path, scalar);
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var child = $"{path}: {Scalar(k, file)}";
                    lines[child] = (int)k.Start.Line;
                    Walk(v, child, file, leaf, lines);
                }
                break;
            default:
                throw Fail(file, node, $"'{path}' must be a text or a mapping of texts, not a list.");
        }
    }

    /// <summary>The line of the deepest part of <paramref name="path"/> the file has, or 1.</summary>
    private static int NearestLine(string path, Dictionary<string, int> lines)
    {
        for (var at = path; ; at = at[..at.LastIndexOf(": ", StringComparison.Ordinal)])
        {
            if (lines.TryGetValue(at, out var line))
            {
                return line;
            }
            if (!at.Contains(": ", StringComparison.Ordinal))
            {
                return 1;
            }
        }
    }

    /// <summary>Every text a translation must have, by its path in a language file.</summary>
    private static Dictionary<string, Slot> Slots(Dictionary<string, DialogDefinition> dialogs, Dictionary<string, LocalizedText> texts,
        Dictionary<string, IReadOnlyList<CheckInQuestionDefinition>> checkIns)
    {
        var slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        void Add(string path, string what, LocalizedText? text)
        {
            if (text is not null)
            {
                slots[path] = new Slot(path, what, text);
            }
        }
        foreach (var (key, text) in texts)
        {
            Add($"texts: {key}", $"text '{key}'", text);
        }
        foreach (var dialog in dialogs.Values)
        {
            foreach (var step in dialog.Steps.Values)
            {
                var at = $"dialogs: {dialog.Id}: {step.Id}";
                var what = $"dialog '{dialog.Id}' step '{step.Id}'";
                Add($"{at}: say", $"{what} 'say'", step.Say);
                Add($"{at}: ask", $"{what} 'ask'", step.Ask);
                Add($"{at}: retry", $"{what} 'retry'", step.Retry);
                foreach (var button in step.Buttons)
                {
                    Add($"{at}: buttons: {button.Id}", $"{what} button '{button.Id}'", button.Label);
                }
            }
        }
        foreach (var (variant, questions) in checkIns)
        {
            foreach (var question in questions)
            {
                var at = $"checkins: {variant}: {question.Id}";
                Add($"{at}: ask", $"check-in question '{question.Id}' ({variant})", question.Ask);
                foreach (var answer in question.Answers)
                {
                    Add($"{at}: answers: {answer.Id}", $"check-in answer '{answer.Id}' of '{question.Id}' ({variant})", answer.Label);
                }
            }
        }
        return slots;
    }

    /// <summary>A text on one line and short, for an error message.</summary>
    private static string Preview(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : line[..57] + "...";
    }

    private static YamlNode KeyOf(YamlMappingNode node, string key) =>
        node.Children.Keys.First(k => k is YamlScalarNode s && s.Value == key);
}
