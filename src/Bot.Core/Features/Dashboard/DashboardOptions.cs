namespace Makker.Features.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The address coordinators open the dashboard at; empty: Telegram's public address, else the local one.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>A login link works once, for this long.</summary>
    public int LoginLinkMinutes { get; set; } = 10;

    /// <summary>How long a dashboard session lasts without logging in again.</summary>
    public int SessionHours { get; set; } = 8;
}
