namespace Makker;

public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>IANA zone used for dates and times until a community says otherwise.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/Copenhagen";

    /// <summary>Folder with the dialog files; relative paths are looked up next to the app, then in the content root.</summary>
    public string DialogsDirectory { get; set; } = "dialogs";

    /// <summary>Seeds the demo community (a Thursday dinner and seven people) on start when the database has none.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>Telegram user ids who may create communities from the start (the first coordinators).</summary>
    public string[] Coordinators { get; set; } = [];

    /// <summary>The bot's Telegram username (without @) for invite links when Telegram does not tell it (Telegram off).</summary>
    public string? Username { get; set; }

    /// <summary>Telegram user ids who may open the scheduler's dashboard (/hangfire) after logging in to the dashboard.</summary>
    public string[] Operators { get; set; } = [];

    /// <summary>Lets operators retry, delete and trigger jobs in the scheduler's dashboard; off, they only look.</summary>
    public bool OperatorsMayRetry { get; set; }
}
