namespace Makker.Host.Dashboard;

/// <summary>
/// The dashboard's own words, in Danish (DashboardText.da.resx) and English (DashboardText.resx), read through
/// IStringLocalizer&lt;DashboardText&gt;. What the bot says to people (an announcement as sent, check-in questions,
/// the privacy text) comes from the dialog texts instead, so it reads exactly as in the chat.
/// </summary>
public sealed class DashboardText;
