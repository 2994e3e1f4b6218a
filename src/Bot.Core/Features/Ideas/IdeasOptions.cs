namespace Makker.Features.Ideas;

public sealed class IdeasOptions
{
    public const string Section = "Ideas";

    /// <summary>The longest idea, in characters: a sentence or two in the person's own words.</summary>
    public const int MaxLength = 300;

    /// <summary>An idea nobody would join fades away quietly after this many days.</summary>
    public int FadeDays { get; set; } = 90;

    /// <summary>At most one ideas message to a person in this many days (and the proposer hears news as often).</summary>
    public int EveryDays { get; set; } = 7;

    /// <summary>How many ideas one message lists.</summary>
    public int MaxPerMessage { get; set; } = 3;

    /// <summary>How often the recurring job looks for people due an ideas message.</summary>
    public int LookEveryMinutes { get; set; } = 60;
}
