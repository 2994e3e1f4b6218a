namespace Makker.Telegram;

public enum TelegramReceiveMode
{
    /// <summary>Webhook when a public URL is set, long polling when only a token is set, off without a token.</summary>
    Auto,
    Polling,
    Webhook,
    Off,
}

public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The token from BotFather. Never logged. Without it the Telegram channel stays off.</summary>
    public string? BotToken { get; set; }

    /// <summary>The Bot API server; a self-hosted Bot API server or a test's fake server goes here.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramReceiveMode Mode { get; set; } = TelegramReceiveMode.Auto;

    /// <summary>The public https address of this host (behind the reverse proxy); the webhook is registered at PublicUrl + /telegram/webhook.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. Empty means: derived from the token, so every instance agrees.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long one getUpdates call waits for news (Telegram caps it at 50).</summary>
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of one Bot API request other than a long poll.</summary>
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>Group chats whose messages the bot handles (hosts' groups); every other group is ignored.</summary>
    public long[] HostGroupChatIds { get; set; } = [];

    /// <summary>Messages per second for the whole bot; Telegram allows about 30.</summary>
    public double MessagesPerSecond { get; set; } = 29;

    /// <summary>
    /// How many chats are sent to at the same time (one message at a time per chat). Each chat waits a second between
    /// its own messages, so when people get several at once (everyone onboarding after scanning a poster) the bot's
    /// rate is about this many messages a second until MessagesPerSecond caps it: 8 gave 13 msg/s in that burst, 32
    /// reaches the cap (BENCHMARKS.md).
    /// </summary>
    public int ParallelChats { get; set; } = 32;

    /// <summary>Tries for a message when Telegram answers 5xx or not at all, before it is parked as failed.</summary>
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>The longest wait between two tries of the same message.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>The largest webhook body accepted; real updates are a few kilobytes.</summary>
    public int MaxUpdateBytes { get; set; } = 256 * 1024;

    /// <summary>What <see cref="Mode"/> means with the settings at hand.</summary>
    public TelegramReceiveMode ResolveMode() => string.IsNullOrWhiteSpace(BotToken)
        ? TelegramReceiveMode.Off
        : Mode switch
        {
            TelegramReceiveMode.Auto => string.IsNullOrWhiteSpace(PublicUrl) ? TelegramReceiveMode.Polling : TelegramReceiveMode.Webhook,
            _ => Mode,
        };
}
