namespace Makker.Conversations;

/// <summary>
/// Every text the code asks for by name. Start-up checks that dialogs/texts.yaml has each one in Danish
/// and English, so a missing text is found before anyone is talking to the bot.
/// </summary>
[TextKeySet]
public static class TextKeys
{
    public const string NameFallback = "name.fallback";
    public const string Help = "help";
    public const string HelpNotConsented = "help.not_consented";
    public const string Unknown = "unknown";
    public const string UnknownCommand = "unknown_command";
    public const string ConsentNeeded = "consent.needed";
    public const string WritePrivately = "group.write_privately";
    public const string SlowDown = "flood.slow_down";
    public const string WelcomeBack = "start.welcome_back";
    public const string ButtonUseButtons = "buttons.use_buttons";
    public const string ButtonExpired = "buttons.expired";
    public const string ButtonNotYours = "buttons.not_yours";
    public const string ButtonAlreadyPressed = "buttons.already_pressed";
    public const string ButtonChosenMark = "buttons.chosen_mark";
    public const string DialogGone = "dialog.gone";
    public const string InputTooLong = "input.too_long";
    public const string InputEmpty = "input.empty";
    public const string CancelDone = "cancel.done";
    public const string CancelNothing = "cancel.nothing";
    public const string ResumeDone = "resume.done";
    public const string ResumeNotPaused = "resume.not_paused";
    public const string MyDataConsented = "mydata.consented";
    public const string MyDataRefused = "mydata.refused";
    public const string MyDataNothing = "mydata.nothing";
    public const string MyDataRemindersOn = "mydata.reminders_on";
    public const string MyDataPausedUntil = "mydata.paused_until";
    public const string MyDataPausedOpen = "mydata.paused_open";
    public const string MyDataActivity = "mydata.activity";
    public const string MyDataHostOf = "mydata.host_of";
    public const string MyDataCommunity = "mydata.community";
    public const string MyDataCoordinator = "mydata.role_coordinator";
    public const string MyDataVolunteer = "mydata.role_volunteer";
    public const string MyDataNone = "mydata.none";
    public const string MyDataMessages = "mydata.messages";
    public const string MyDataMentions = "mydata.mentions";
    public const string LanguageName = "language.name";
    public const string ButtonHelp = "button.help";
    public const string ButtonPause = "button.pause";
    public const string ButtonResume = "button.resume";
    public const string ButtonMyData = "button.mydata";
    public const string ButtonLanguage = "button.language";
    public const string ButtonStart = "button.start";

    // The short descriptions in Telegram's command menu.
    public const string CommandStart = "command.start";
    public const string CommandHelp = "command.help";
    public const string CommandPause = "command.pause";
    public const string CommandResume = "command.resume";
    public const string CommandLanguage = "command.language";
    public const string CommandMyData = "command.mydata";
    public const string CommandForget = "command.forget";
    public const string CommandCancel = "command.cancel";

    /// <summary>Every key of every <see cref="TextKeySetAttribute"/> class: the engine's and each feature's.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(TextKeys).Assembly.GetTypes()
        .Where(t => t.IsDefined(typeof(TextKeySetAttribute), inherit: false))
        .SelectMany(t => t.GetFields())
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Distinct()
        .ToList();
}

/// <summary>The dialogs the code starts by name; start-up checks that each exists.</summary>
public static class DialogIds
{
    public const string Onboarding = "onboarding";
    public const string Pause = "pause";
    public const string Language = "language";
    public const string Forget = "forget";
    public const string CheckInContact = "checkin_contact";
    public const string Announce = "announce";
    public const string NewCommunity = "newcommunity";
    public const string NewActivity = "newactivity";
    public const string NewShift = "newshift";
    public const string Appoint = "appoint";
    public const string Idea = "idea";
    public const string NewTask = "newtask";
    public const string EvaluationNote = "evaluation_note";
    public const string Partners = "partners";

    public static IReadOnlyList<string> All { get; } = [Onboarding, Pause, Language, Forget, CheckInContact, Announce, NewCommunity, NewActivity, NewShift, Appoint, Idea, NewTask, EvaluationNote, Partners];
}

/// <summary>Marks a class whose string constants are text keys, so start-up checks each is in dialogs/ in da and en.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TextKeySetAttribute : Attribute;
