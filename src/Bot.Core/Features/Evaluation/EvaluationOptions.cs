namespace Makker.Features.Evaluation;

public sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    /// <summary>How often the quarterly round looks for questions to ask and reports that are ready.</summary>
    public int LookEveryMinutes { get; set; } = 60;

    /// <summary>At least this many days between two quarterly messages to one person, so the questions spread over the quarter.</summary>
    public int SpacingDays { get; set; } = 14;

    /// <summary>No question in a quarter's first days: people should have been there first.</summary>
    public int FirstDayInQuarter { get; set; } = 7;
}
