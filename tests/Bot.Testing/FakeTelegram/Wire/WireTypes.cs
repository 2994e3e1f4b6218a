using System.Text.Json.Serialization;

namespace Makker.Testing.FakeTelegram.Wire;

// The fake server's own model of the Bot API's objects, written from Telegram's documentation and independent of
// the client library the bot uses, so the two cannot share a mistake. Names follow the API (snake_case on the wire,
// see WireJson); fields the fake does not play are left out. Ids are long because chat ids can exceed 32 bits.

public sealed record Update
{
    public long UpdateId { get; init; }
    public Message? Message { get; init; }
    public Message? EditedMessage { get; init; }
    public CallbackQuery? CallbackQuery { get; init; }
    public ChatMemberUpdated? MyChatMember { get; init; }
}

public sealed record Message
{
    /// <summary>Unique inside its chat only; a message is identified by (chat id, message id).</summary>
    public long MessageId { get; init; }
    public User? From { get; init; }
    public required Chat Chat { get; init; }

    /// <summary>Unix time in seconds, as Telegram sends it.</summary>
    public long Date { get; init; }
    public string? Text { get; init; }

    /// <summary>The text of a message that carries a file (<see cref="Document"/>); such a message has no <see cref="Text"/>.</summary>
    public string? Caption { get; init; }
    public Document? Document { get; init; }

    /// <summary>A picture, in the sizes Telegram made of it, smallest first.</summary>
    public IReadOnlyList<PhotoSize>? Photo { get; init; }

    /// <summary>A voice message (sendVoice): Ogg/Opus audio the app plays in the chat.</summary>
    public Voice? Voice { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    /// <summary>A service message in a group that became the supergroup with this id.</summary>
    public long? MigrateToChatId { get; init; }

    /// <summary>A service message in a supergroup that was the group with this id.</summary>
    public long? MigrateFromChatId { get; init; }

    [JsonIgnore]
    public DateTimeOffset DateUtc => DateTimeOffset.FromUnixTimeSeconds(Date);
}

/// <summary>A general file, as sent with sendDocument.</summary>
public sealed record Document
{
    /// <summary>Lets the bot send the same file again without uploading it.</summary>
    public required string FileId { get; init; }

    /// <summary>The same for every bot and over time, but cannot be used to send or download the file.</summary>
    public required string FileUniqueId { get; init; }
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

/// <summary>A voice message's audio, as Telegram describes it.</summary>
public sealed record Voice
{
    public required string FileId { get; init; }
    public required string FileUniqueId { get; init; }

    /// <summary>In seconds, as the sender said.</summary>
    public int Duration { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

public sealed record PhotoSize
{
    public required string FileId { get; init; }
    public required string FileUniqueId { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public long? FileSize { get; init; }
}

public sealed record User
{
    public long Id { get; init; }
    public bool IsBot { get; init; }
    public required string FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Username { get; init; }

    /// <summary>IETF tag of the person's Telegram app language; absent for some users.</summary>
    public string? LanguageCode { get; init; }
}

public sealed record Chat
{
    public long Id { get; init; }

    /// <summary>"private", "group", "supergroup" or "channel" (see <see cref="ChatTypes"/>).</summary>
    public required string Type { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? Username { get; init; }
}

public static class ChatTypes
{
    public const string Private = "private";
    public const string Group = "group";
    public const string Supergroup = "supergroup";
    public const string Channel = "channel";
}

public sealed record CallbackQuery
{
    /// <summary>Must be answered with answerCallbackQuery, or the person's app shows a spinner.</summary>
    public required string Id { get; init; }
    public required User From { get; init; }

    /// <summary>Absent when the message is too old for Telegram to include it.</summary>
    public Message? Message { get; init; }
    public string? Data { get; init; }
    public string? ChatInstance { get; init; }
}

public sealed record ChatMemberUpdated
{
    public required Chat Chat { get; init; }
    public required User From { get; init; }
    public long Date { get; init; }
    public required ChatMember OldChatMember { get; init; }
    public required ChatMember NewChatMember { get; init; }
}

public sealed record ChatMember
{
    /// <summary>See <see cref="ChatMemberStatuses"/>; "kicked" in a private chat means the person blocked the bot.</summary>
    public required string Status { get; init; }
    public required User User { get; init; }
}

public static class ChatMemberStatuses
{
    public const string Creator = "creator";
    public const string Administrator = "administrator";
    public const string Member = "member";
    public const string Restricted = "restricted";
    public const string Left = "left";
    public const string Kicked = "kicked";
}

public sealed record InlineKeyboardMarkup
{
    public IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard { get; init; } = [];
}

public sealed record InlineKeyboardButton
{
    /// <summary>Telegram rejects callback data longer than this many UTF-8 bytes (BUTTON_DATA_INVALID).</summary>
    public const int MaxCallbackDataBytes = 64;

    public required string Text { get; init; }
    public string? CallbackData { get; init; }
    public string? Url { get; init; }

    public static InlineKeyboardButton WithCallback(string text, string callbackData) => new() { Text = text, CallbackData = callbackData };

    public static InlineKeyboardButton WithUrl(string text, string url) => new() { Text = text, Url = url };
}

public sealed record WebhookInfo
{
    /// <summary>Empty when no webhook is set.</summary>
    public required string Url { get; init; }
    public bool HasCustomCertificate { get; init; }
    public int PendingUpdateCount { get; init; }
    public long? LastErrorDate { get; init; }
    public string? LastErrorMessage { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}

public sealed record BotCommand
{
    public required string Command { get; init; }
    public required string Description { get; init; }
}

/// <summary>Which chats a list of commands is for (setMyCommands' scope); "default" when none is given.</summary>
public sealed record BotCommandScope
{
    public required string Type { get; init; }
    public long? ChatId { get; init; }
    public long? UserId { get; init; }
}

public sealed record LinkPreviewOptions
{
    public bool? IsDisabled { get; init; }
}

/// <summary>The envelope of every Bot API answer: either ok with a result, or an error code and description.</summary>
public sealed record ApiResponse<T>
{
    public bool Ok { get; init; }
    public T? Result { get; init; }
    public int? ErrorCode { get; init; }
    public string? Description { get; init; }
    public ResponseParameters? Parameters { get; init; }
}

public sealed record ResponseParameters
{
    /// <summary>Seconds to wait after a 429 before the same request may be repeated.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>The group became a supergroup with this id; resend there.</summary>
    public long? MigrateToChatId { get; init; }
}

/// <summary>The update kinds Makker asks for in allowed_updates.</summary>
public static class UpdateTypes
{
    public const string Message = "message";
    public const string EditedMessage = "edited_message";
    public const string CallbackQuery = "callback_query";
    public const string MyChatMember = "my_chat_member";
}
