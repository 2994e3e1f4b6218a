using Makker.Conversations;

namespace Makker.Features.CheckIns;

[TextKeySet]
public static class CheckInTexts
{
    public const string ReportContributors = "report.contributors";
    public const string Ask = "checkin.ask";
    public const string RatherNotSay = "checkin.rather_not_say";
    public const string Thanks = "checkin.thanks";
    public const string Changed = "checkin.changed";
    public const string Noted = "checkin.noted";
    public const string Closed = "checkin.closed";
    public const string ButtonChange = "button.change_checkin";
    public const string TalkTold = "checkin.talk_told";
    public const string TalkNobody = "checkin.talk_nobody";
    public const string TalkToHost = "checkin.talk_to_host";
    public const string ButtonTalkTake = "button.talk_take";
    public const string TalkTakenPerson = "checkin.talk_taken_person";
    public const string TalkTakenHost = "checkin.talk_taken_host";
    public const string TalkTakenOther = "checkin.talk_taken_other";
    public const string TalkAlready = "checkin.talk_already";
    public const string TalkGone = "checkin.talk_gone";
    public const string ContactToHost = "checkin.contact_to_host";
    public const string InPersonToHost = "checkin.in_person_to_host";
    public const string DigestTitle = "checkin.digest_title";
    public const string DigestLine = "checkin.digest_line";
    public const string DigestOther = "checkin.digest_other";
    public const string DigestAnswered = "checkin.digest_answered";
    public const string DigestFew = "checkin.digest_few";
    public const string Suppressed = "checkin.suppressed";
    public const string ReportNotCoordinator = "report.not_coordinator";
    public const string ReportNone = "report.none";
    public const string ReportTitle = "report.title";
    public const string ReportWeek = "report.week";
    public const string ReportFigures = "report.figures";
    public const string ReportNotHeld = "report.not_held";
    public const string ReportAnswers = "report.answers";
    public const string ReportAnswer = "report.answer";
    public const string ReportFootnote = "report.footnote";
    public const string ReportCsvCaption = "report.csv_caption";
    public const string MyData = "mydata.checkins";
    public const string ListAnd = "list.and";
}

