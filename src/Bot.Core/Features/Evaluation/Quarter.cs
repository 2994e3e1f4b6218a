using System.Globalization;
using Makker.Conversations.Dialogs;

namespace Makker.Features.Evaluation;

/// <summary>A calendar quarter (January–March, ...), in the community's local time.</summary>
public readonly record struct Quarter(DateOnly Start)
{
    public static Quarter Containing(DateOnly date) => new(new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1));

    public DateOnly End => Start.AddMonths(3);

    public Quarter Previous => new(Start.AddMonths(-3));

    public Quarter Next => new(End);

    public int Number => ((Start.Month - 1) / 3) + 1;

    /// <summary>"2026-Q4": how the quarter is written in addresses and files.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Start.Year}-Q{Number}");

    /// <summary>
    /// The quarter in words in a language ("4. kvartal 2026", "Q4 2026"): what a person reads, in the chat and on the
    /// report page alike. <see cref="Label"/> stays for addresses and files.
    /// </summary>
    public string Name(DialogCatalog catalog, string language) => catalog.Text(EvaluationTexts.QuarterName, language)
        .Replace("{number}", Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{year}", Start.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static bool TryParse(string? label, out Quarter quarter)
    {
        quarter = default;
        if (label is not { Length: 7 } || label[4] != '-' || label[5] != 'Q'
            || !int.TryParse(label.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000 || year > 9999
            || label[6] is < '1' or > '4')
        {
            return false;
        }
        quarter = new Quarter(new DateOnly(year, ((label[6] - '1') * 3) + 1, 1));
        return true;
    }
}
