namespace Makker.Telegram.Api;

// Request bodies, one record per method, sent as JSON. Optional parameters are null and so left out of the
// body (TelegramJson ignores nulls when writing), which lets Telegram apply its own defaults; for
// allowed_updates that default means "keep the previous setting".

public sealed record GetMeRequest;

public sealed record GetUpdatesRequest
{
    public long? Offset { get; init; }
    public int? Limit { get; init; }
    public int? Timeout { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}

public sealed record SetWebhookRequest
{
    public required string Url { get; init; }
    public string? SecretToken { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
    public bool? DropPendingUpdates { get; init; }
}

public sealed record DeleteWebhookRequest
{
    public bool? DropPendingUpdates { get; init; }
}

public sealed record GetWebhookInfoRequest;

public sealed record SetMyCommandsRequest
{
    public required IReadOnlyList<BotCommand> Commands { get; init; }
    public string? LanguageCode { get; init; }
}

public sealed record SendMessageRequest
{
    public long ChatId { get; init; }
    public required string Text { get; init; }
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record EditMessageTextRequest
{
    public long ChatId { get; init; }
    public long MessageId { get; init; }
    public required string Text { get; init; }
    public string? ParseMode { get; init; }

    /// <summary>Left out, Telegram removes the message's inline keyboard.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record EditMessageReplyMarkupRequest
{
    public long ChatId { get; init; }
    public long MessageId { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record AnswerCallbackQueryRequest
{
    public required string CallbackQueryId { get; init; }
    public string? Text { get; init; }
}

/// <summary>Values for the parse_mode parameter.</summary>
public static class ParseModes
{
    public const string Html = "HTML";
    public const string MarkdownV2 = "MarkdownV2";
}
