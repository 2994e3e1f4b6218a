namespace Makker.Conversations.Dialogs;

public static class Languages
{
    public const string Danish = "da";
    public const string English = "en";
    public static IReadOnlyList<string> All { get; } = [Danish, English];

    /// <summary>Danish unless the channel says the person reads another language.</summary>
    public static string FromHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return Danish;
        }
        return hint.StartsWith("da", StringComparison.OrdinalIgnoreCase)
            || hint.StartsWith("nb", StringComparison.OrdinalIgnoreCase)
            || hint.StartsWith("no", StringComparison.OrdinalIgnoreCase)
            ? Danish
            : English;
    }

    public static bool IsKnown(string? language) => language is Danish or English;
}

public sealed record LocalizedText(string Da, string En)
{
    public string For(string language) => language == Languages.English ? En : Da;
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
}

/// <summary>A dialog file is wrong. The message is one line: file, line and the problem.</summary>
public sealed class DialogFileException(string message) : Exception(message);
