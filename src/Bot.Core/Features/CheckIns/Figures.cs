using System.Globalization;
using Makker.Conversations;

namespace Makker.Features.CheckIns;

/// <summary>The one rule for showing a number about people: fewer than five shows as "&lt;5", in the chat and in files.</summary>
public static class Figures
{
    public const string SuppressedMark = "<5";

    public static string Shown(int people) =>
        people < CheckInOptions.SmallestShownGroup ? SuppressedMark : people.ToString(CultureInfo.InvariantCulture);

    public static string Shown(TurnContext ctx, int people) =>
        people < CheckInOptions.SmallestShownGroup ? ctx.T(CheckInTexts.Suppressed) : people.ToString(ctx.Culture);
}

public enum PeriodKind
{
    Week,
    Month,
}

/// <summary>A week (Monday to Sunday) or a calendar month, in the activity's local time.</summary>
public readonly record struct Period(PeriodKind Kind, DateOnly Start)
{
    public static Period Containing(PeriodKind kind, DateOnly date) => kind == PeriodKind.Week
        ? new Period(kind, date.AddDays(-(((int)date.DayOfWeek + 6) % 7)))
        : new Period(kind, new DateOnly(date.Year, date.Month, 1));

    public DateOnly End => Kind == PeriodKind.Week ? Start.AddDays(7) : Start.AddMonths(1);

    public Period Next => new(Kind, End);

    public Period Previous => Kind == PeriodKind.Week ? new(Kind, Start.AddDays(-7)) : new(Kind, Start.AddMonths(-1));

    public string Name => Kind == PeriodKind.Week ? "week" : "month";

    public static PeriodKind Parse(string name) => name == "week" ? PeriodKind.Week : PeriodKind.Month;

    /// <summary>"2026-W47" or "2026-11": how the period is written in files.</summary>
    public string Label => Kind == PeriodKind.Week
        ? string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}")
        : Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

public sealed record QuestionFigures(string Variant, string QuestionId, int Asked, int Answered, IReadOnlyDictionary<string, int> Answers);

/// <summary>
/// The numbers of one activity for one period. Every count of people counts distinct people; "held" counts
/// occurrences and is the only figure not about people.
/// </summary>
/// <remarks>
/// From participant to contributor: of those who came, who helped with a small task; ideas proposed from the activity
/// and ideas of it that became activities; people of the activity a coordinator approved as volunteers. Zero in the
/// periods folded before these were counted.
/// </remarks>
public sealed record PeriodFigures(int Held, int Coming, int FirstTime, int Returning, IReadOnlyList<QuestionFigures> Questions,
    int Helped = 0, int IdeasProposed = 0, int IdeasBecameActivities = 0, int BecameVolunteers = 0);

/// <summary>
/// The &lt;5 rule for figures that belong together (a total and its parts): a part is hidden not only when it is under
/// five, but also when it could be worked out from the figures shown beside it. "&lt;5" marks a small figure;
/// <see cref="HiddenMark"/> one hidden so that a small one cannot be computed (its complement, or a second cell).
/// </summary>
public static class FigureGroups
{
    public const string HiddenMark = "..";

    /// <summary>
    /// A part of a total, where the rest (total − part) is not shown but is known to be the rest: both must be five or
    /// more for the part to show.
    /// </summary>
    public static string PartOf(int total, int part) =>
        total < CheckInOptions.SmallestShownGroup || part < CheckInOptions.SmallestShownGroup ? Figures.SuppressedMark
        : total - part < CheckInOptions.SmallestShownGroup ? HiddenMark
        : part.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A total and all its parts (say, the answers to one question): parts under five show "&lt;5"; if exactly one part
    /// is hidden, the smallest other part is hidden too, or the total minus the shown parts would give it away.
    /// </summary>
    public static IReadOnlyList<string> Parts(int total, IReadOnlyList<int> parts)
    {
        if (total < CheckInOptions.SmallestShownGroup)
        {
            return [.. parts.Select(_ => Figures.SuppressedMark)];
        }
        var shown = parts.Select(p => Figures.Shown(p)).ToArray();
        var hidden = shown.Count(s => s == Figures.SuppressedMark);
        if (hidden == 1)
        {
            var next = Enumerable.Range(0, parts.Count).Where(i => shown[i] != Figures.SuppressedMark).OrderBy(i => parts[i]).Cast<int?>().FirstOrDefault();
            if (next is { } i)
            {
                shown[i] = HiddenMark;
            }
        }
        return shown;
    }
}
