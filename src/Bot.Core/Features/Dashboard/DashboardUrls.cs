using System.Globalization;

namespace Makker.Features.Dashboard;

/// <summary>The dashboard's addresses, in one place: they are what bookmarks, tests and the bot's links use.</summary>
public static class DashboardUrls
{
    public const string Home = "/dashboard";
    public const string Login = "/dashboard/login";
    public const string Logout = "/dashboard/logout";
    public const string Language = "/dashboard/language";
    public const string Communities = "/dashboard/communities";

    public static string Community(long id) => "/dashboard/c/" + Id(id);
    public static string Activities(long id) => Community(id) + "/activities";
    public static string CommunityPage(long id, int page) => page <= 1 ? Community(id) : Community(id) + "?p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Activity(long id, long activityId) => Activities(id) + "/" + Id(activityId);
    public static string Broadcasts(long id) => Community(id) + "/broadcasts";
    public static string BroadcastPreview(long id) => Broadcasts(id) + "/preview";
    public static string Roles(long id) => Community(id) + "/roles";
    public static string RolesDecide(long id) => Roles(id) + "/decide";
    public static string RolesRemove(long id) => Roles(id) + "/remove";
    public static string Audit(long id) => Community(id) + "/audit";
    public static string Ideas(long id) => Community(id) + "/ideas";
    public static string IdeasDecide(long id) => Ideas(id) + "/decide";
    /// <summary>The community's page with the new-activity form open and filled in from the idea.</summary>
    public static string ActivityFromIdea(long id, long ideaId) => Community(id) + "?idea=" + Id(ideaId) + "#activity-new-name";
    /// <summary>Where a new small task for the activity is posted.</summary>
    public static string Tasks(long id, long activityId) => Community(id) + "/tasks/" + Id(activityId);
    /// <summary>Where a small task's new name, or its removal, is posted.</summary>
    public static string Task(long id) => Community(id) + "/task";
    public static string NumbersCsv(long id) => Community(id) + "/numbers.csv";
    public static string Report(long id) => Community(id) + "/report";
    public static string Report(long id, string quarter) => Report(id) + "/" + quarter;
    public static string ReportSummary(long id, string quarter) => Report(id, quarter) + "/summary";
    public static string ReportCsv(long id, string quarter) => Report(id, quarter) + "/csv";
    public static string Partners(long id, string quarter) => Report(id, quarter) + "/partners";
    public static string MyPartner(long id, string quarter) => Report(id, quarter) + "/mypartner";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
