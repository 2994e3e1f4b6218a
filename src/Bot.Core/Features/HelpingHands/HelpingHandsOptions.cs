namespace Makker.Features.HelpingHands;

public sealed class HelpingHandsOptions
{
    public const string Section = "HelpingHands";

    /// <summary>The longest task name: a few words ("set the table").</summary>
    public const int MaxTaskLength = 80;

    /// <summary>After someone has come this many times, they get the one question about helping.</summary>
    public int AskAfterTimes { get; set; } = 3;

    /// <summary>How long after an occurrence ends the question goes (held to the end of the person's quiet hours).</summary>
    public int AskMinutesAfterEnd { get; set; } = 60;
}
