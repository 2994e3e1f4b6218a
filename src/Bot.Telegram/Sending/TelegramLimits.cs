namespace Makker.Telegram.Sending;

/// <summary>Telegram's limits for what one message may carry.</summary>
public static class TelegramLimits
{
    /// <summary>One message text, in UTF-16 code units after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>The caption of a file or a photo, counted like a message text.</summary>
    public const int MaxCaptionLength = 1024;
}
