using Makker.Conversations;

namespace Makker.Features.Ideas;

[TextKeySet]
public static class IdeasTexts
{
    public const string ButtonIdea = "ideas.button_idea";
    public const string NoCommunity = "ideas.no_community";
    public const string Thanks = "ideas.thanks";
    public const string ToCoordinator = "ideas.to_coordinator";
    public const string ButtonShare = "ideas.button_share";
    public const string ButtonKeep = "ideas.button_keep";
    public const string ButtonMakeActivity = "ideas.button_make_activity";
    public const string SharedToCoordinator = "ideas.shared_to_coordinator";
    public const string KeptToCoordinator = "ideas.kept_to_coordinator";
    public const string AlreadyDecided = "ideas.already_decided";
    public const string Gone = "ideas.gone";
    public const string SharedToProposer = "ideas.shared_to_proposer";
    public const string KeptToProposer = "ideas.kept_to_proposer";
    public const string Weekly = "ideas.weekly";
    public const string WeeklyLine = "ideas.weekly_line";
    public const string ButtonJoin = "ideas.button_join";
    public const string JoinNoted = "ideas.join_noted";
    public const string JoinAlready = "ideas.join_already";
    public const string InterestFew = "ideas.interest_few";
    public const string InterestMany = "ideas.interest_many";
    public const string ListTitle = "ideas.list_title";
    public const string ListNone = "ideas.list_none";
    public const string ListItem = "ideas.list_item";
    public const string StatusWaiting = "ideas.status_waiting";
    public const string StatusShared = "ideas.status_shared";
    public const string StatusKept = "ideas.status_kept";
    public const string HostQuestion = "ideas.host_question";
    public const string ButtonHostYes = "ideas.button_host_yes";
    public const string ButtonHostNo = "ideas.button_host_no";
    public const string HostYes = "ideas.host_yes";
    public const string HostNo = "ideas.host_no";
    public const string HostYesToCoordinator = "ideas.host_yes_to_coordinator";
    public const string MyDataProposed = "ideas.mydata_proposed";
    public const string MyDataInterest = "ideas.mydata_interest";
}
