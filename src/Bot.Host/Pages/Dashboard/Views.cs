using Makker.Features.Dashboard;

namespace Makker.Host.Pages.Dashboard;

/// <summary>One labelled text field with its hint and its problem beside it.</summary>
public sealed record FieldView(string Id, string Name, string Label, string? Value, string? Error)
{
    public string Type { get; init; } = "text";
    public int? MaxLength { get; init; }
    public bool Required { get; init; }
    public string? Hint { get; init; }
    public string? Pattern { get; init; }
    public string? InputMode { get; init; }
    public string? Autocomplete { get; init; } = "off";
}

/// <summary>A bar chart of twelve weeks (or of months): what it counts ("coming", "answered"), a unique id, its caption, the bars.</summary>
public sealed record ChartView(string Kind, string Id, string Caption, IReadOnlyList<WeekBar> Bars)
{
    /// <summary>The bars are months ("2026-11"), labelled with the month's short name.</summary>
    public bool Monthly { get; init; }
}

/// <summary>The week as a Danish calendar shows it, Monday first.</summary>
public static class DayOrder
{
    public static IReadOnlyList<DayOfWeek> MondayFirst { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}
