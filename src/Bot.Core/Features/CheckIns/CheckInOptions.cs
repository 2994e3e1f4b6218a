namespace Makker.Features.CheckIns;

public sealed class CheckInOptions
{
    public const string Section = "CheckIns";

    /// <summary>The check-in question goes out this long after an occurrence ends (held to the end of quiet hours).</summary>
    public int MinutesAfterEnd { get; set; } = 30;

    /// <summary>Answers are taken (and changed) for this long after the check-in; then the host gets the digest.</summary>
    public int AnswerHours { get; set; } = 48;

    /// <summary>A week or month is folded into fixed numbers this many days after it ends, once no answer can change it.</summary>
    public int FoldAfterDays { get; set; } = 4;

    /// <summary>Any figure built from fewer people than this shows as "&lt;5".</summary>
    public const int SmallestShownGroup = 5;
}
