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
    public const string InviteUntil = "coord.invite_until";
    public const string InviteNoEnd = "coord.invite_no_end";
    public const string InviteRenewed = "coord.invite_renewed";
    public const string ButtonInviteRenew = "button.invite_renew";
    public const string ButtonInvite14Days = "button.invite_14_days";
    public const string ButtonInvite90Days = "button.invite_90_days";
    public const string ButtonInviteNoEnd = "button.invite_no_end";
    public const string CommunityCreated = "coord.community_created";

    // Roles a coordinator grants and takes away (/volunteer and /buddy ask, /roles and the dashboard answer).
    public const string RoleVolunteer = "role_name.volunteer";
    public const string RoleBuddy = "role_name.buddy";
    public const string RoleHost = "role_name.host";
    public const string RoleCoordinator = "role_name.coordinator";
    public const string RoleIn = "roles.role_in";
    public const string WhatVolunteer = "roles.what_volunteer";
    public const string WhatBuddy = "roles.what_buddy";
    public const string RequestToCoordinator = "roles.request_to_coordinator";
    public const string ButtonApprove = "button.role_approve";
    public const string ButtonNotNow = "button.role_not_now";
    public const string ApprovedToCoordinator = "roles.approved_to_coordinator";
    public const string NotNowToCoordinator = "roles.not_now_to_coordinator";
    public const string AnsweredByOther = "roles.answered_by_other";
    public const string RequestGone = "roles.request_gone";
    public const string ApprovedVolunteer = "roles.approved_volunteer";
    public const string ApprovedBuddy = "roles.approved_buddy";
    public const string NotNow = "roles.not_now";
    public const string Requested = "roles.requested";
    public const string NoCommunity = "roles.no_community";
    public const string TakenVolunteer = "roles.taken_volunteer";
    public const string TakenBuddy = "roles.taken_buddy";
    public const string TakenHost = "roles.taken_host";
    public const string TakenCoordinator = "roles.taken_coordinator";
    public const string RolesChoosePerson = "roles.choose_person";
    public const string RolesNobody = "roles.nobody";
    public const string RolesPerson = "roles.person";
    public const string RolesLine = "roles.line";
    public const string RolesLineWaiting = "roles.line_waiting";
    public const string ButtonApproveOne = "button.role_approve_one";
    public const string ButtonNotNowOne = "button.role_not_now_one";
    public const string ButtonTakeAway = "button.role_take_away";
    public const string ConfirmTakeAway = "roles.confirm_take_away";
    public const string ButtonTakeAwayYes = "button.role_take_away_yes";
    public const string ButtonKeepRole = "button.role_keep";
    public const string TakenDone = "roles.taken_done";
    public const string RoleKept = "roles.kept";
    public const string RoleNotHeld = "roles.not_held";
    public const string LastCoordinator = "roles.last_coordinator";
    public const string Review = "roles.review";
    public const string ReviewNobody = "roles.review_nobody";
    public const string MyDataWaiting = "mydata.role_waiting";
    public const string MyDataAudit = "mydata.audit";
}
