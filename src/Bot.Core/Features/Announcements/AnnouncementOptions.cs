namespace Makker.Features.Announcements;

public sealed class AnnouncementOptions
{
    public const string Section = "Announcements";

    /// <summary>How often finished announcements are looked for, to send each coordinator the delivery report.</summary>
    public int ReportEveryMinutes { get; set; } = 1;
}
