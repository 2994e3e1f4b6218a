using Makker.Conversations;

namespace Makker.Features.Participation;

[TextKeySet]
public static class ParticipationTexts
{
    public const string WhenToday = "when.today";
    public const string WhenTomorrow = "when.tomorrow";
    public const string WhenDate = "when.date";
    public const string NudgeFirst = "nudge.first";
    public const string NudgeSecond = "nudge.second";
    public const string ButtonComing = "button.coming";
    public const string ButtonNotToday = "button.not_today";
    public const string ButtonWithSomeone = "button.with_someone";
    public const string ButtonChangeAnswer = "button.change_answer";
    public const string RsvpComing = "rsvp.coming";
    public const string RsvpNotToday = "rsvp.not_today";
    public const string RsvpCompanyAsked = "rsvp.company_asked";
    public const string RsvpNoted = "rsvp.noted";
    public const string RsvpTooLate = "rsvp.too_late";
    public const string RsvpCancelled = "rsvp.cancelled";
    public const string RsvpNotMember = "rsvp.not_member";
    public const string JoinDone = "join.done";
    public const string JoinDoneNoDate = "join.done_no_date";
    public const string JoinAlready = "join.already";
    public const string JoinUnknownCode = "join.unknown_code";
    public const string JoinExpired = "join.expired";
    public const string LeaveNone = "leave.none";
    public const string LeaveChoose = "leave.choose";
    public const string LeaveDone = "leave.done";
    public const string LeaveKept = "leave.kept";
    public const string ButtonStay = "button.stay";
    public const string CompanyPrompt = "company.prompt";
    public const string ButtonCompanyYes = "button.company_yes";
    public const string ButtonCompanyNo = "button.company_no";
    public const string CompanyMatchedBuddy = "company.matched_buddy";
    public const string CompanyMatchedPerson = "company.matched_person";
    public const string CompanyCovered = "company.covered";
    public const string CompanyDeclined = "company.declined";
    public const string CompanyHostWelcome = "company.host_welcome";
    public const string CompanyWithdrawn = "company.withdrawn";
    public const string CompanyNotNeeded = "company.not_needed";
    public const string MeetingDefault = "meeting.default";
    public const string HostFallback = "host.fallback";
    public const string BriefingTitle = "briefing.title";
    public const string BriefingComing = "briefing.coming";
    public const string BriefingComingNone = "briefing.coming_none";
    public const string BriefingFirstTime = "briefing.first_time";
    public const string BriefingWelcome = "briefing.welcome";
    public const string BriefingBuddies = "briefing.buddies";
    public const string BriefingPair = "briefing.pair";
    public const string BriefingNotToday = "briefing.not_today";
    public const string UpdateComing = "update.coming";
    public const string UpdateFewer = "update.fewer";
    public const string UpdateWelcome = "update.welcome";
    public const string TodayNone = "today.none";
    public const string BuddyAsk = "buddy.ask";
    public const string ButtonBuddyYes = "button.buddy_yes";
    public const string ButtonBuddyNo = "button.buddy_no";
    public const string BuddyOn = "buddy.on";
    public const string BuddyOff = "buddy.off";
    public const string BuddyNotAvailable = "buddy.not_available";
    public const string OccurrenceCancelled = "occurrence.cancelled";
    public const string CommandLeave = "command.leave";
    public const string CommandToday = "command.today";
    public const string CommandBuddy = "command.buddy";
}
