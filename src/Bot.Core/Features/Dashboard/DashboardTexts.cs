using Makker.Conversations;

namespace Makker.Features.Dashboard;

[TextKeySet]
public static class DashboardTexts
{
    public const string NotCoordinator = "dashboard.not_coordinator";
    public const string Link = "dashboard.link";
    public const string LinkSent = "dashboard.link_sent";
    public const string MyDataLogins = "mydata.logins";
}
