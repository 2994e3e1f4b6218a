using Makker.Conversations;

namespace Makker.Features.Volunteering;

[TextKeySet]
public static class VolunteeringTexts
{
    public const string Intro = "volunteer.intro";
    public const string ButtonDone = "button.volunteer_done";
    public const string ChosenMark = "volunteer.chosen_mark";
    public const string HowOften = "volunteer.how_often";
    public const string ButtonWeekly = "button.weekly";
    public const string ButtonEveryOtherWeek = "button.every_other_week";
    public const string ButtonMonthly = "button.monthly";
    public const string Saved = "volunteer.saved";
    public const string SavedWaiting = "volunteer.saved_waiting";
    public const string FrequencyWeekly = "freq.weekly";
    public const string FrequencyEveryOtherWeek = "freq.every_other_week";
    public const string FrequencyMonthly = "freq.monthly";
    public const string AnyRole = "volunteer.any_role";
    public const string Status = "volunteer.status";
    public const string ButtonChange = "button.change_volunteer";
    public const string ButtonStop = "button.stop_volunteer";
    public const string Stopped = "volunteer.stopped";
    public const string Kept = "volunteer.kept";
    public const string ButtonKeep = "button.keep_volunteer";
    public const string ShiftPrompt = "shift.prompt";
    public const string ButtonShiftYes = "button.shift_yes";
    public const string ButtonShiftNo = "button.shift_no";
    public const string Confirmed = "shift.confirmed";
    public const string ConfirmedSoon = "shift.confirmed_soon";
    public const string ButtonHandBack = "button.hand_back";
    public const string Declined = "shift.declined";
    public const string Covered = "shift.covered";
    public const string Gone = "shift.gone";
    public const string AlreadyYours = "shift.already_yours";
    public const string Reminder = "shift.reminder";
    public const string HandedBack = "shift.handed_back";
    public const string AlreadyHandedBack = "shift.already_handed_back";
    public const string LateHandBack = "shift.late_hand_back";
    public const string CoverageAlert = "coverage.alert";
    public const string CoverageLine = "coverage.line";
    public const string ButtonAskAll = "button.ask_all";
    public const string AskedAll = "coverage.asked_all";
    public const string CoveredNow = "coverage.covered_now";
    public const string Roster = "briefing.roster";
    public const string RosterLine = "roster.line";
    public const string RosterNobody = "roster.nobody";
    public const string RosterMissing = "roster.missing";
    public const string MyDataVolunteer = "mydata.volunteer";
    public const string MyDataShifts = "mydata.shifts";
    public const string CommandVolunteer = "command.volunteer";
}
