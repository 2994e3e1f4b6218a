using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Makker.Conversations.Dialogs;

public static partial class DialogLoader
{
    private const int DefaultMaxWords = 8;

    /// <summary>The plain words of every file, gathered, each phrase kept once and under one intent only.</summary>
    private sealed class WordsBuilder(int maxWords)
    {
        private readonly Dictionary<string, List<string>> _phrases = PlainIntents.All.ToDictionary(i => i, _ => new List<string>());
        private readonly Dictionary<string, (string Intent, SourceLocation At)> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<(string Intent, string Language)> _given = [];

        public int MaxWords { get; } = maxWords;

        public void Add(string intent, string language, YamlNode phraseNode, string file)
        {
            var phrase = PlainWords.Normalize(Scalar(phraseNode, file));
            if (phrase.Length == 0)
            {
                throw Fail(file, phraseNode, $"a phrase of '{intent}' has no letters or digits; write words, not only signs or emoji.");
            }
            var at = At(file, phraseNode);
            _given.Add((intent, language));
            if (_seen.TryGetValue(phrase, out var earlier))
            {
                if (earlier.Intent != intent)
                {
                    throw new DialogFileException($"{at}: '{phrase}' is under '{intent}' here and under '{earlier.Intent}' at {earlier.At}; a phrase can mean one thing only.");
                }
                return; // the same words in two languages ("okay", "pause") mean the same
            }
            _seen[phrase] = (intent, at);
            _phrases[intent].Add(phrase);
        }

        /// <summary>Danish and English are the languages every intent is written in; the others add to them.</summary>
        public void RequireEveryIntent(string directory)
        {
            foreach (var intent in PlainIntents.All)
            {
                foreach (var language in Languages.Base)
                {
                    if (!_given.Contains((intent, language)))
                    {
                        throw new DialogFileException($"{directory}: the plain words for '{intent}' have no {Languages.Info(language).Name} phrase; add one under 'words: {intent}: {language}:' in plain_words.yaml.");
                    }
                }
            }
        }

        public PlainWords Build() => new(_phrases.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value), MaxWords);
    }

    /// <summary>plain_words.yaml: per intent, a list of phrases in Danish and in English.</summary>
    private static WordsBuilder ReadWords(YamlMappingNode root, string file, WordsBuilder? existing)
    {
        if (existing is not null)
        {
            throw Fail(file, root, "the plain words are defined in another file too; keep them in one (plain_words.yaml).");
        }
        RequireOnlyKeys(root, ["words", "max_words"], file);
        var maxWords = DefaultMaxWords;
        if (OptionalScalar(root, "max_words", file) is { } max
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxWords) || maxWords is < 1 or > 30))
        {
            throw Fail(file, ValueOf(root, "max_words"), "max_words must be a whole number from 1 to 30.");
        }
        var builder = new WordsBuilder(maxWords);
        foreach (var (k, v) in RequireMapping(root, "words", file).Children)
        {
            var intent = RequireIntent(k, file);
            if (v is not YamlMappingNode perLanguage)
            {
                throw Fail(file, v, $"'{intent}' must have a list of phrases under 'da:' and under 'en:'.");
            }
            RequireOnlyKeys(perLanguage, Languages.Base, file);
            foreach (var (languageNode, list) in perLanguage.Children)
            {
                AddPhrases(builder, intent, Scalar(languageNode, file), list, file);
            }
        }
        return builder;
    }

    /// <summary>A language file's 'words:': per intent, a list of phrases in that language.</summary>
    private static void ReadTranslatedWords(YamlMappingNode words, string language, WordsBuilder builder, string file)
    {
        foreach (var (k, v) in words.Children)
        {
            AddPhrases(builder, RequireIntent(k, file), language, v, file);
        }
    }

    private static void AddPhrases(WordsBuilder builder, string intent, string language, YamlNode list, string file)
    {
        if (list is not YamlSequenceNode phrases || phrases.Children.Count == 0)
        {
            throw Fail(file, list, $"'{intent}' must be a list of phrases, like [\"hvornår\", \"hvornår er det\"].");
        }
        foreach (var phrase in phrases.Children)
        {
            builder.Add(intent, language, phrase, file);
        }
    }

    private static string RequireIntent(YamlNode key, string file)
    {
        var intent = Scalar(key, file);
        return PlainIntents.All.Contains(intent)
            ? intent
            : throw Fail(file, key, $"unknown plain-words intent '{intent}' (expected one of: {string.Join(", ", PlainIntents.All)}).");
    }
}
