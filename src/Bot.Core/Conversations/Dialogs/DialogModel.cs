using System.Globalization;

namespace Makker.Conversations.Dialogs;

/// <summary>
/// One language the bot writes in: how it shows dates and times, which way it runs, which voice reads it aloud.
/// Adding a language is one entry in <see cref="Languages.All"/> and one file in dialogs/languages (see README).
/// </summary>
/// <param name="Code">What is stored for the person and names the file: "da", "da-easy", "ar".</param>
/// <param name="Name">The language in English, for error messages and logs.</param>
/// <param name="Culture">The culture for day and month names and numbers. Arabic uses "ar", whose calendar is the
/// Gregorian one the activities are planned in ("ar-SA" would give Hijri dates).</param>
/// <param name="DatePattern">A date with its weekday written out beside it.</param>
/// <param name="TimePattern">A clock time; literal separators, so the culture cannot swap them.</param>
/// <param name="RightToLeft">Written right to left: each value put into a text is isolated (Unicode FSI…PDI), so a
/// time, a phone number or a Latin name keeps its own order inside the sentence.</param>
/// <param name="HtmlLang">The BCP 47 tag for a web page's lang attribute.</param>
/// <param name="TelegramCode">The two-letter code Telegram's menus take; null when Telegram has none (easy-read).</param>
/// <param name="Voice">The espeak-ng voice that reads it aloud.</param>
/// <param name="WordsPerMinute">How fast that voice speaks; slower for easy-read.</param>
public sealed record LanguageInfo(
    string Code,
    string Name,
    string Culture,
    string DatePattern,
    string TimePattern,
    bool RightToLeft,
    string HtmlLang,
    string? TelegramCode,
    string Voice,
    int WordsPerMinute)
{
    public CultureInfo CultureInfo => field ??= CultureInfo.GetCultureInfo(Culture);
}

public static class Languages
{
    public const string Danish = "da";
    public const string English = "en";
    /// <summary>Easy-read Danish (let dansk): short sentences, one idea at a time, no abbreviations.</summary>
    public const string EasyDanish = "da-easy";
    public const string Arabic = "ar";
    public const string Ukrainian = "uk";

    /// <summary>Written beside each other in every dialogs/*.yaml file (da: and en:).</summary>
    public static IReadOnlyList<string> Base { get; } = [Danish, English];

    /// <summary>Every language, in the order the /language buttons show them.</summary>
    public static IReadOnlyList<LanguageInfo> Infos { get; } =
    [
        new(Danish, "Danish", "da-DK", "dddd 'den' d. MMMM", "HH':'mm", false, "da", "da", "da", 165),
        new(EasyDanish, "easy-read Danish", "da-DK", "dddd d. MMMM", "HH'.'mm", false, "da", null, "da", 130),
        new(English, "English", "en-GB", "dddd d MMMM", "HH':'mm", false, "en", "en", "en-gb", 165),
        new(Arabic, "Arabic", "ar", "dddd d MMMM", "HH':'mm", true, "ar", "ar", "ar", 150),
        new(Ukrainian, "Ukrainian", "uk-UA", "dddd, d MMMM", "HH':'mm", false, "uk", "uk", "uk", 155),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Infos.Select(l => l.Code)];

    /// <summary>Each language that has a file of its own in dialogs/languages.</summary>
    public static IReadOnlyList<string> Translated { get; } = [.. All.Except(Base)];

    /// <summary>The language's details; an unknown code (a row from an older version) reads as Danish.</summary>
    public static LanguageInfo Info(string? code) => Infos.FirstOrDefault(l => l.Code == code) ?? Infos[0];

    /// <summary>
    /// The language a person's app is set to (Telegram's language_code, the web chat's choice): Danish, Arabic or
    /// Ukrainian when it says so, English otherwise, Danish when it says nothing. Easy-read is never guessed: it is
    /// chosen, at /start or with /language.
    /// </summary>
    public static string FromHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return Danish;
        }
        if (hint.StartsWith("da", StringComparison.OrdinalIgnoreCase)
            || hint.StartsWith("nb", StringComparison.OrdinalIgnoreCase)
            || hint.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return Danish;
        }
        if (hint.StartsWith("ar", StringComparison.OrdinalIgnoreCase))
        {
            return Arabic;
        }
        return hint.StartsWith("uk", StringComparison.OrdinalIgnoreCase) ? Ukrainian : English;
    }

    public static bool IsKnown(string? language) => language is not null && All.Contains(language);

    /// <summary>Where a language's texts come from when it has none of its own (only before the loader has checked).</summary>
    internal static string FallbackOf(string language) => language == EasyDanish ? Danish : English;
}

/// <summary>
/// One text in every language. The Danish and English come from the dialog file that defines the text; the others
/// from dialogs/languages. A text written as one plain value (a language's own name on a button) is the same in all.
/// </summary>
public sealed class LocalizedText
{
    private readonly Dictionary<string, string> _texts;

    public LocalizedText(string da, string en) : this(new Dictionary<string, string> { [Languages.Danish] = da, [Languages.English] = en })
    {
    }

    internal LocalizedText(Dictionary<string, string> texts, bool sameInEveryLanguage = false)
    {
        _texts = texts;
        SameInEveryLanguage = sameInEveryLanguage;
    }

    /// <summary>Written once for every language (a language's own name); translations leave it alone.</summary>
    public bool SameInEveryLanguage { get; }

    public string Da => For(Languages.Danish);
    public string En => For(Languages.English);

    public string For(string language)
    {
        if (_texts.TryGetValue(language, out var text))
        {
            return text;
        }
        return _texts.TryGetValue(Languages.FallbackOf(language), out text) ? text : _texts[Languages.Danish];
    }

    internal bool Has(string language) => _texts.ContainsKey(language);

    internal void Set(string language, string text) => _texts[language] = text;
}

/// <summary>Where a definition came from, so every problem can name the file and line.</summary>
public sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public sealed record ButtonDefinition(string Id, LocalizedText Label, string? Next, string? Action, SourceLocation Source);

public sealed record InputDefinition(int MaxLength, string Store);

/// <summary>
/// One step. On entering it the step's action runs (if any), then its text is said, then it either waits
/// (an ask with buttons or free-text input) or moves on to <see cref="Next"/>.
/// </summary>
public sealed record StepDefinition(
    string Id,
    string? Action,
    LocalizedText? Say,
    LocalizedText? Ask,
    IReadOnlyList<ButtonDefinition> Buttons,
    InputDefinition? Input,
    LocalizedText? Retry,
    string? Next,
    SourceLocation Source)
{
    public bool Waits => Ask is not null;
}

public sealed record DialogDefinition(string Id, string Start, IReadOnlyDictionary<string, StepDefinition> Steps, SourceLocation Source);

/// <summary>What an answer to a check-in question leads to.</summary>
public enum CheckInRoute
{
    /// <summary>Only the anonymous numbers.</summary>
    Numbers,
    /// <summary>The numbers and the host's digest (counts only).</summary>
    Digest,
    /// <summary>The host is told at once, with the person's first name, and the digest counts it.</summary>
    Host,
}

public sealed record CheckInAnswerDefinition(string Id, LocalizedText Label, CheckInRoute Route);

public sealed record CheckInQuestionDefinition(string Id, LocalizedText Ask, IReadOnlyList<CheckInAnswerDefinition> Answers, SourceLocation Source);

public sealed class DialogCatalog(
    IReadOnlyDictionary<string, DialogDefinition> dialogs,
    IReadOnlyDictionary<string, LocalizedText> texts,
    IReadOnlyDictionary<string, IReadOnlyList<CheckInQuestionDefinition>>? checkIns = null)
{
    public const string End = "end";

    public IReadOnlyDictionary<string, DialogDefinition> Dialogs { get; } = dialogs;
    public IReadOnlyDictionary<string, LocalizedText> Texts { get; } = texts;

    /// <summary>The check-in question sets by variant ("participant", "volunteer"), in rotation order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CheckInQuestionDefinition>> CheckIns { get; } =
        checkIns ?? new Dictionary<string, IReadOnlyList<CheckInQuestionDefinition>>();

    public DialogDefinition Dialog(string id) =>
        Dialogs.TryGetValue(id, out var d) ? d : throw new InvalidOperationException($"No dialog '{id}'.");

    public string Text(string key, string language) =>
        Texts.TryGetValue(key, out var t) ? t.For(language) : throw new InvalidOperationException($"No text '{key}'.");

    public bool HasText(string key) => Texts.ContainsKey(key);

    /// <summary>The plain words people write instead of commands ("hvornår", "I'm coming"), every language together.</summary>
    public PlainWords Words { get; init; } = PlainWords.Empty;

    /// <summary>The language files a native speaker has not reviewed yet (their 'native_review' says "needed").</summary>
    public IReadOnlyList<string> AwaitingReview { get; init; } = [];
}

/// <summary>A dialog file is wrong. The message is one line: file, line and the problem.</summary>
public sealed class DialogFileException(string message) : Exception(message);
