using Makker.Conversations;

namespace Makker.Features.Coordination;

[TextKeySet]
public static class CoordinationTexts
{
    public const string NotCoordinator = "coord.not_coordinator";
    public const string CannotCreateCommunity = "coord.cannot_create_community";
    public const string SetupDone = "coord.setup_done";
    public const string SetupWrong = "coord.setup_wrong";
    public const string ChooseCommunity = "coord.choose_community";
    public const string ChooseActivity = "coord.choose_activity";
    public const string NoActivities = "coord.no_activities";
    public const string ChooseDays = "coord.choose_days";
    public const string ButtonDaysDone = "button.days_done";
    public const string DayChosen = "coord.day_chosen";
    public const string ChooseAtLeastOneDay = "coord.choose_one_day";
    public const string ActivityCreated = "coord.activity_created";
    public const string ActivityCreatedNoDate = "coord.activity_created_no_date";
    public const string ChooseRole = "coord.choose_role";
    public const string ShiftCreated = "coord.shift_created";
    public const string ChooseMember = "coord.choose_member";
    public const string NoMembers = "coord.no_members";
    public const string ChooseAppointment = "coord.choose_appointment";
    public const string ButtonMakeHost = "button.make_host";
    public const string ButtonMakeCoordinator = "button.make_coordinator";
    public const string Appointed = "coord.appointed";
    public const string AppointedHostToPerson = "coord.appointed_host_to_person";
    public const string AppointedCoordinatorToPerson = "coord.appointed_coordinator_to_person";
    public const string AlreadyAppointed = "coord.already_appointed";
    public const string InviteLink = "coord.invite_link";
    public const string InviteQrCaption = "coord.invite_qr_caption";
    public const string InviteTyped = "coord.invite_typed";
    public const string CommunityCreated = "coord.community_created";
}
