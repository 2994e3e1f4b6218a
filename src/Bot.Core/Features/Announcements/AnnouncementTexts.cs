using Makker.Conversations;

namespace Makker.Features.Announcements;

[TextKeySet]
public static class AnnouncementTexts
{
    public const string NotCoordinator = "announce.not_coordinator";
    public const string ChooseAudience = "announce.choose_audience";
    public const string ButtonCommunity = "button.audience_community";
    public const string ButtonActivity = "button.audience_activity";
    public const string ButtonVolunteers = "button.audience_volunteers";
    public const string ButtonHosts = "button.audience_hosts";
    public const string Message = "announce.message";
    public const string Preview = "announce.preview";
    public const string Confirm = "announce.confirm";
    public const string ButtonSend = "button.send";
    public const string ButtonSendUrgent = "button.send_urgent";
    public const string ButtonCancel = "button.cancel_announce";
    public const string Nobody = "announce.nobody";
    public const string Sending = "announce.sending";
    public const string SendingUrgent = "announce.sending_urgent";
    public const string ButtonStop = "button.stop_sending";
    public const string NotSent = "announce.not_sent";
    public const string Report = "announce.report";
    public const string ReportAll = "announce.report_all";
    public const string Stopped = "announce.stopped";
    public const string AlreadyDone = "announce.already_done";
    public const string CommandAnnounce = "command.announce";
}
