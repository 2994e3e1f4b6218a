namespace Makker.Conversations;

/// <summary>
/// The local web chat page's own words (its title, labels and buttons). They live in dialogs/texts.yaml like every
/// other word a person reads, so the page speaks each language the bot speaks; start-up checks each one is there.
/// </summary>
[TextKeySet]
public static class WebChatPageTexts
{
    /// <summary>Every page text starts with this; the page gets all of them in one answer. Not a const, so it is
    /// not taken for a text of its own.</summary>
    public static readonly string Prefix = "webchat.";

    public const string PageTitle = "webchat.page_title";
    public const string Hint = "webchat.hint";
    public const string People = "webchat.people";
    public const string TalkAs = "webchat.talk_as";
    public const string SomeoneNew = "webchat.someone_new";
    public const string RoleParticipant = "webchat.role.participant";
    public const string RoleVolunteer = "webchat.role.volunteer";
    public const string RoleHost = "webchat.role.host";
    public const string RoleCoordinator = "webchat.role.coordinator";
    public const string DemoTitle = "webchat.demo_title";
    public const string DemoHint = "webchat.demo_hint";
    public const string NextStep = "webchat.next_step";
    public const string InviteCode = "webchat.invite_code";
    public const string Language = "webchat.language";
    public const string Choose = "webchat.choose";
    public const string TalkingAs = "webchat.talking_as";
    public const string TalkingAsNew = "webchat.talking_as_new";
    public const string Message = "webchat.message";
    public const string Placeholder = "webchat.placeholder";
    public const string Send = "webchat.send";
    public const string SendFailed = "webchat.send_failed";
    public const string StepSent = "webchat.step_sent";
    public const string OnePerson = "webchat.one_person";
    public const string PeopleCount = "webchat.people_count";
    public const string StepFirstNudge = "webchat.step.first-nudge";
    public const string StepSecondNudge = "webchat.step.second-nudge";
    public const string StepBriefing = "webchat.step.briefing";
    public const string StepCheckIn = "webchat.step.check-in";
    public const string StepCheckInDigest = "webchat.step.check-in-digest";
}
