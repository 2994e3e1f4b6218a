using Makker.Conversations;

namespace Makker.Features.HelpingHands;

[TextKeySet]
public static class HelpingHandsTexts
{
    public const string Ask = "hands.ask";
    public const string Offer = "hands.offer";
    public const string ButtonNotNow = "hands.button_not_now";
    public const string NotNow = "hands.not_now";
    public const string NotNowOffer = "hands.not_now_offer";
    public const string Taken = "hands.taken";
    public const string ButtonHandBack = "hands.button_hand_back";
    public const string HandedBack = "hands.handed_back";
    public const string AlreadyTaken = "hands.already_taken";
    public const string Gone = "hands.gone";
    public const string NoneOpen = "hands.none_open";
    public const string Yours = "hands.yours";
    public const string BriefingTitle = "hands.briefing_title";
    public const string BriefingLine = "hands.briefing_line";
    public const string MyData = "hands.mydata";
    public const string MyDataNotNow = "hands.mydata_not_now";
    public const string TaskCreated = "hands.task_created";
    public const string TaskRenamed = "hands.task_renamed";
    public const string TaskRemoved = "hands.task_removed";
    public const string RemovedToHelper = "hands.removed_to_helper";
    public const string ChooseTask = "hands.choose_task";
    public const string ButtonNewTask = "hands.button_new_task";
}
