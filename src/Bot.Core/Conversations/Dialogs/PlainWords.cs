using System.Globalization;
using System.Text;

namespace Makker.Conversations.Dialogs;

/// <summary>What a plain reply can mean; the words for each are data in dialogs/plain_words.yaml and the language files.</summary>
public static class PlainIntents
{
    /// <summary>"when is it", "hvornår": the person's next activities, with their buttons.</summary>
    public const string When = "when";
    /// <summary>"I'm coming", "jeg kommer", "ja": the open reminder, answered as its button would.</summary>
    public const string Coming = "coming";
    /// <summary>"can't come", "ikke i dag": the open reminder, answered as its button would.</summary>
    public const string NotComing = "not_coming";
    /// <summary>"stop", "pause": the pause is offered.</summary>
    public const string Pause = "pause";
    /// <summary>"help", "hjælp": the help.</summary>
    public const string Help = "help";
    /// <summary>"start igen", "I'm back": reminders again after a pause.</summary>
    public const string Resume = "resume";

    public static IReadOnlyList<string> All { get; } = [When, Coming, NotComing, Pause, Help, Resume];
}

/// <summary>
/// Recognises a short plain reply in any language. A phrase matches as whole words anywhere in the reply; when several
/// do, the longest wins, so "jeg kommer ikke" is not "jeg kommer" and "I'm not coming" is not "coming". Only short
/// replies count: a long message is something else, and an answer must never be read into it.
/// </summary>
public sealed class PlainWords(IReadOnlyDictionary<string, IReadOnlyList<string>> phrases, int maxWords)
{
    public static PlainWords Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), 0);

    /// <summary>The phrases per intent, as <see cref="Normalize"/> leaves them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Phrases { get; } = phrases;

    /// <summary>A reply of more words than this is never taken as a plain word.</summary>
    public int MaxWords { get; } = maxWords;

    /// <summary>The intent of a reply, or null when it is none of them.</summary>
    public string? Match(string text)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0 || normalized.Count(c => c == ' ') + 1 > MaxWords)
        {
            return null;
        }
        var padded = " " + normalized + " ";
        string? best = null;
        var bestLength = 0;
        foreach (var (intent, phrases) in Phrases)
        {
            foreach (var phrase in phrases)
            {
                if (phrase.Length > bestLength && padded.Contains(" " + phrase + " ", StringComparison.Ordinal))
                {
                    best = intent;
                    bestLength = phrase.Length;
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Lower case, without accents and vowel marks (so "hvornar", "когда" and an Arabic word with or without its
    /// harakat are the same), apostrophes dropped ("can't" is "cant"), other punctuation and emoji as spaces, and
    /// single spaces between words.
    /// </summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
                || rune.Value is '\'' or '\u2019' or '\u02BC' or '\u0640') // apostrophes and the Arabic tatweel
            {
                continue;
            }
            if (Rune.IsLetterOrDigit(rune))
            {
                result.Append(Rune.ToLowerInvariant(rune).ToString());
                space = false;
            }
            else if (!space)
            {
                result.Append(' ');
                space = true;
            }
        }
        return result.ToString().TrimEnd();
    }
}
