using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Makker.Testing.FakeTelegram.Wire;

namespace Makker.Testing.FakeTelegram;

// The Bot API methods other than getUpdates. Each runs under the lock and either returns Telegram's answer or
// throws FakeApiError with Telegram's error description, so a client sees what the real server would say.
public sealed partial class FakeTelegramServer
{
    private static readonly string[] KnownMethods =
    [
        "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands", "getMyCommands", "deleteMyCommands",
        "sendMessage", "sendDocument", "sendPhoto", "sendVoice", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery",
    ];

    private const string NotModified =
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private const string QueryInvalid = "Bad Request: query is too old and response timeout expired or query ID is invalid";

    /// <summary>The Bot API's limit for a file a bot uploads.</summary>
    private const long MaxUploadBytes = 50L * 1024 * 1024;

    /// <summary>Telegram's limit for a message text, in UTF-16 code units.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's limit for the caption of a file or a photo.</summary>
    public const int MaxCaptionLength = 1024;

    // Keyed by scope ("default", "all_private_chats", "chat:<id>", ...) and language ("" for all languages).
    private readonly Dictionary<(string Scope, string Language), IReadOnlyList<BotCommand>> _commands = [];
    private readonly Dictionary<string, long> _openCallbackQueries = new(StringComparer.Ordinal);
    private long _lastFileId;

    /// <summary>The commands set with setMyCommands for the default scope and a language (null: for all languages); empty when none were set.</summary>
    public IReadOnlyList<BotCommand> CommandsFor(string? languageCode)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(("default", languageCode ?? ""), out var commands) ? commands : [];
        }
    }

    /// <summary>
    /// The menu a person's app shows in their private chat, as Telegram picks it: the first list set for the chat
    /// with their language, the chat, all private chats with their language, all private chats, the default scope
    /// with their language, the default scope.
    /// </summary>
    public IReadOnlyList<BotCommand> MenuShownTo(FakeUser user)
    {
        lock (_gate)
        {
            var language = user.LanguageCode ?? "";
            (string, string)[] order =
            [
                ($"chat:{user.Id}", language), ($"chat:{user.Id}", ""),
                ("all_private_chats", language), ("all_private_chats", ""),
                ("default", language), ("default", ""),
            ];
            foreach (var key in order)
            {
                if (_commands.TryGetValue(key, out var commands))
                {
                    return commands;
                }
            }
            return [];
        }
    }

    // Telegram matches method names case-insensitively; calls are recorded under the documented spelling.
    private static string CanonicalMethod(string name) =>
        KnownMethods.FirstOrDefault(m => string.Equals(m, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private Reply Dispatch(string method, RequestArgs args)
    {
        lock (_gate)
        {
            return method switch
            {
                "getMe" => Ok(BotUser, WireJson.Default.ApiResponseUser),
                "setWebhook" => SetWebhook(args),
                "deleteWebhook" => DeleteWebhook(args),
                "getWebhookInfo" => Ok(WebhookInfoLocked(), WireJson.Default.ApiResponseWebhookInfo),
                "setMyCommands" => SetMyCommands(args),
                "getMyCommands" => Ok(_commands.GetValueOrDefault((ScopeKey(args), args.String("language_code") ?? "")) ?? [],
                    WireJson.Default.ApiResponseIReadOnlyListBotCommand),
                "deleteMyCommands" => DeleteMyCommands(args),
                "sendMessage" => SendMessage(args),
                "sendDocument" => SendFile(args, "document"),
                "sendPhoto" => SendFile(args, "photo"),
                "sendVoice" => SendVoice(args),
                "editMessageText" => EditMessageText(args),
                "editMessageReplyMarkup" => EditMessageReplyMarkup(args),
                "answerCallbackQuery" => AnswerCallbackQuery(args),
                _ => ErrorReply(404, "Not Found"),
            };
        }
    }

    private static Reply Ok<T>(T result, JsonTypeInfo<ApiResponse<T>> info) =>
        new(200, JsonSerializer.Serialize(new ApiResponse<T> { Ok = true, Result = result }, info));

    private Reply SendMessage(RequestArgs args)
    {
        var chat = RequireChat(args);
        var text = RequireText(args);
        var parseMode = ReadParseMode(args, text);
        var markup = ReadMarkup(args);
        var noPreview = ReadNoPreview(args);
        Throttle(chat, countPerChat: true);

        var now = _clock.GetUtcNow();
        var message = new MessageState
        {
            MessageId = chat.NextMessageId(),
            From = BotUser,
            Date = now,
            Text = text,
            Markup = markup,
            ParseMode = parseMode,
        };
        chat.Messages.Add(message);
        _sent.Add(new FakeSentMessage(chat.Id, message.MessageId, text, markup, parseMode, now) { LinkPreviewDisabled = noPreview });
        return Ok(message.ToMessage(chat), WireJson.Default.ApiResponseMessage);
    }

    /// <param name="field">"document" (sendDocument) or "photo" (sendPhoto).</param>
    private Reply SendFile(RequestArgs args, string field)
    {
        var chat = RequireChat(args);
        var file = RequireUpload(args, field);
        var photo = field == "photo";
        if (photo && !LooksLikePicture(file.Content))
        {
            throw new FakeApiError("Bad Request: IMAGE_PROCESS_FAILED");
        }
        var caption = ReadCaption(args);
        var parseMode = ReadParseMode(args, caption);
        var markup = ReadMarkup(args);
        Throttle(chat, countPerChat: true);

        var now = _clock.GetUtcNow();
        var fileId = ++_lastFileId;
        var fileName = file.FileName.Length > 0 ? file.FileName : field;
        var mimeType = MimeTypeOf(fileName) ?? file.ContentType;
        var message = new MessageState
        {
            MessageId = chat.NextMessageId(),
            From = BotUser,
            Date = now,
            Text = caption,
            Markup = markup,
            ParseMode = parseMode,
            // Telegram keeps no name for a photo, only the sizes it made of it.
            Document = photo ? null : new Document
            {
                FileId = $"BQACAgQAAxkDAAFake{fileId}",
                FileUniqueId = $"AgADFake{fileId}",
                FileName = fileName,
                MimeType = mimeType,
                FileSize = file.Content.Length,
            },
            Photo = photo ? [new PhotoSize { FileId = $"AgACAgQAAxkDAAFake{fileId}", FileUniqueId = $"AQADFake{fileId}", Width = 320, Height = 320, FileSize = file.Content.Length }] : null,
        };
        chat.Messages.Add(message);
        _documents.Add(new FakeSentDocument(chat.Id, message.MessageId, fileName, mimeType, file.Content,
            caption.Length > 0 ? caption : null, markup, now) { IsPhoto = photo });
        return Ok(message.ToMessage(chat), WireJson.Default.ApiResponseMessage);
    }

    /// <summary>
    /// A voice message: the audio as a multipart file (or "attach://" to one), which must be Ogg/Opus to play as a voice
    /// message; an optional caption and duration. Counts in the rate limits like any message.
    /// </summary>
    private Reply SendVoice(RequestArgs args)
    {
        var chat = RequireChat(args);
        var file = RequireUpload(args, "voice");
        if (!Makker.Speech.OggOpus.IsOggOpus(file.Content))
        {
            // Telegram plays only Ogg/Opus (or MP3, M4A) as a voice message; this fake takes Ogg/Opus, what Makker sends.
            throw new FakeApiError("Bad Request: VOICE_FORMAT_INVALID");
        }
        var caption = ReadCaption(args);
        var duration = args.Int("duration");
        var markup = ReadMarkup(args);
        Throttle(chat, countPerChat: true);

        var now = _clock.GetUtcNow();
        var fileId = ++_lastFileId;
        var message = new MessageState
        {
            MessageId = chat.NextMessageId(),
            From = BotUser,
            Date = now,
            Text = caption,
            Markup = markup,
            Voice = new Voice
            {
                FileId = $"AwACAgQAAxkDAAFake{fileId}",
                FileUniqueId = $"AgADFakeVoice{fileId}",
                Duration = duration ?? 0,
                MimeType = "audio/ogg",
                FileSize = file.Content.Length,
            },
        };
        chat.Messages.Add(message);
        _voices.Add(new FakeSentVoice(chat.Id, message.MessageId, file.Content, duration, caption.Length > 0 ? caption : null, markup, now));
        return Ok(message.ToMessage(chat), WireJson.Default.ApiResponseMessage);
    }

    /// <summary>The file uploaded as <paramref name="field"/>: there, not empty, and not over Telegram's upload limit.</summary>
    private static FakeUpload RequireUpload(RequestArgs args, string field)
    {
        var file = args.File(field) ?? throw new FakeApiError(args.Has(field) && !(args.String(field) ?? "").StartsWith("attach://", StringComparison.Ordinal)
            // A string is a file_id or a URL of a file Telegram already has; this fake keeps no such files.
            ? "Bad Request: wrong file identifier/HTTP URL specified"
            : $"Bad Request: there is no {field} in the request");
        if (file.Content.Length == 0)
        {
            throw new FakeApiError("Bad Request: file must be non-empty");
        }
        if (file.Content.Length > MaxUploadBytes)
        {
            throw new FakeApiError("Request Entity Too Large", 413);
        }
        return file;
    }

    /// <summary>A file's caption, empty when there is none; refused over Telegram's caption limit.</summary>
    private static string ReadCaption(RequestArgs args)
    {
        var caption = args.String("caption") ?? "";
        if (caption.Length > MaxCaptionLength)
        {
            throw new FakeApiError("Bad Request: message caption is too long");
        }
        return caption;
    }

    /// <summary>Telegram takes a JPEG, PNG, GIF or WebP as a photo and refuses anything else.</summary>
    private static bool LooksLikePicture(byte[] content) =>
        content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || content.AsSpan().StartsWith("GIF8"u8)
        || (content.Length > 12 && content.AsSpan(8, 4).SequenceEqual("WEBP"u8));

    /// <summary>Telegram names a document's type from its file name, whatever the upload said.</summary>
    private static string? MimeTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".txt" => "text/plain",
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => null,
    };

    private Reply EditMessageText(RequestArgs args)
    {
        var chat = RequireChat(args);
        var message = RequireEditableMessage(chat, args);
        if (message.Document is not null)
        {
            // A file's caption is changed with editMessageCaption, which Makker does not use.
            throw new FakeApiError("Bad Request: there is no text in the message to edit");
        }
        var text = RequireText(args);
        var parseMode = ReadParseMode(args, text);

        // As in Telegram, an edit without reply_markup removes the keyboard.
        var markup = ReadMarkup(args);
        if (message.Text == text && SameMarkup(message.Markup, markup))
        {
            throw new FakeApiError(NotModified);
        }
        Throttle(chat, countPerChat: false);
        message.History.Add(new FakeMessageVersion(message.Text, message.Markup, _clock.GetUtcNow()));
        message.Text = text;
        message.Markup = markup;
        message.ParseMode = parseMode;
        return Ok(message.ToMessage(chat), WireJson.Default.ApiResponseMessage);
    }

    private Reply EditMessageReplyMarkup(RequestArgs args)
    {
        var chat = RequireChat(args);
        var message = RequireEditableMessage(chat, args);
        var markup = ReadMarkup(args);
        if (SameMarkup(message.Markup, markup))
        {
            throw new FakeApiError(NotModified);
        }
        message.History.Add(new FakeMessageVersion(message.Text, message.Markup, _clock.GetUtcNow()));
        message.Markup = markup;
        return Ok(message.ToMessage(chat), WireJson.Default.ApiResponseMessage);
    }

    private Reply AnswerCallbackQuery(RequestArgs args)
    {
        var id = args.String("callback_query_id");

        // Telegram accepts one answer per query; a second one, or an unknown id, gets this.
        if (id is null || !_openCallbackQueries.Remove(id, out var userId))
        {
            throw new FakeApiError(QueryInvalid);
        }
        _callbackAnswers.Add(new FakeCallbackAnswer(id, userId, args.String("text"), args.Bool("show_alert"), _clock.GetUtcNow()));
        return OkTrue();
    }

    private Reply SetMyCommands(RequestArgs args)
    {
        var commands = args.Object("commands", WireJson.Default.IReadOnlyListBotCommand, "Bad Request: can't parse commands JSON object")
            ?? throw new FakeApiError("Bad Request: parameter \"commands\" is required");
        if (commands.Count > 100)
        {
            throw new FakeApiError("Bad Request: too many commands specified");
        }
        foreach (var command in commands)
        {
            if (command.Command.Length is 0 or > 32 || !command.Command.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new FakeApiError("Bad Request: BOT_COMMAND_INVALID");
            }
            if (command.Description.Length is 0 or > 256)
            {
                throw new FakeApiError("Bad Request: command description must be non-empty");
            }
        }
        _commands[(ScopeKey(args), ReadLanguageCode(args))] = commands;
        return OkTrue();
    }

    private Reply DeleteMyCommands(RequestArgs args)
    {
        _commands.Remove((ScopeKey(args), ReadLanguageCode(args)));
        return OkTrue();
    }

    /// <summary>A two-letter ISO 639-1 code or nothing, as Telegram accepts.</summary>
    private static string ReadLanguageCode(RequestArgs args)
    {
        var code = args.String("language_code") ?? "";
        return code.Length is 0 or 2 && code.All(char.IsAsciiLetterLower) ? code : throw new FakeApiError("Bad Request: invalid language code specified");
    }

    /// <summary>The scope of a command list as a key; a chat scope must name a chat the bot can reach.</summary>
    private string ScopeKey(RequestArgs args)
    {
        var scope = args.Object("scope", WireJson.Default.BotCommandScope, "Bad Request: can't parse BotCommandScope JSON object");
        switch (scope?.Type)
        {
            case null or "default":
                return "default";
            case "all_private_chats" or "all_group_chats" or "all_chat_administrators":
                return scope.Type;
            case "chat" or "chat_administrators":
                var chatId = scope.ChatId ?? throw new FakeApiError("Bad Request: chat_id is empty");
                if (_missingChats.Contains(chatId) || !_chats.TryGetValue(chatId, out var chat) || chat.MigratedTo is not null)
                {
                    throw new FakeApiError("Bad Request: chat not found");
                }
                return $"{scope.Type}:{chatId}";
            default:
                throw new FakeApiError("Bad Request: unsupported scope type");
        }
    }

    private Reply SetWebhook(RequestArgs args)
    {
        var url = args.String("url") ?? "";
        if (url.Length == 0)
        {
            // An empty url removes the webhook, as deleteWebhook does.
            return DeleteWebhook(args);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FakeApiError("Bad Request: bad webhook: invalid URL specified");
        }
        var secret = args.String("secret_token");
        if (secret is not null && (secret.Length is 0 or > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new FakeApiError("Bad Request: secret token contains unallowed characters");
        }
        if (args.StringList("allowed_updates") is { } allowed)
        {
            _allowedUpdates = allowed;
        }
        if (args.Bool("drop_pending_updates"))
        {
            DropPendingLocked();
        }
        var same = _webhook?.Url == url;
        _webhook = new WebhookState(url, secret);
        return OkTrue(same ? "Webhook is already set" : "Webhook was set");
    }

    private Reply DeleteWebhook(RequestArgs args)
    {
        if (args.Bool("drop_pending_updates"))
        {
            DropPendingLocked();
        }
        var had = _webhook is not null;
        _webhook = null;
        _webhookPending.Clear();
        return OkTrue(had ? "Webhook was deleted" : "Webhook is already deleted");
    }

    private ChatState RequireChat(RequestArgs args)
    {
        var chatId = args.Has("chat_id")
            ? args.Long("chat_id") ?? throw new FakeApiError("Bad Request: chat not found")
            : throw new FakeApiError("Bad Request: chat_id is empty");
        if (_missingChats.Contains(chatId) || !_chats.TryGetValue(chatId, out var chat))
        {
            throw new FakeApiError("Bad Request: chat not found");
        }
        if (chat.MigratedTo is { } supergroup)
        {
            throw new FakeApiError("Bad Request: group chat was upgraded to a supergroup chat", migrateToChatId: supergroup);
        }
        if (chat.Blocked)
        {
            throw new FakeApiError("Forbidden: bot was blocked by the user", 403);
        }
        return chat;
    }

    private static MessageState RequireEditableMessage(ChatState chat, RequestArgs args)
    {
        var messageId = args.Long("message_id") ?? throw new FakeApiError("Bad Request: message identifier is not specified");
        var message = chat.Messages.FirstOrDefault(m => m.MessageId == messageId)
            ?? throw new FakeApiError("Bad Request: message to edit not found");
        return message.FromBot ? message : throw new FakeApiError("Bad Request: message can't be edited");
    }

    private static string RequireText(RequestArgs args)
    {
        var text = args.String("text");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FakeApiError("Bad Request: message text is empty");
        }

        // Telegram counts UTF-16 code units after entity parsing; the raw length is a slightly stricter stand-in.
        return text.Length > MaxMessageLength ? throw new FakeApiError("Bad Request: message is too long") : text;
    }

    /// <summary>The parse_mode, recorded so tests can see the bot sends plain text; its markup is not checked.</summary>
    private static string? ReadParseMode(RequestArgs args, string text)
    {
        var mode = args.String("parse_mode");
        if (string.IsNullOrEmpty(mode))
        {
            return null;
        }
        return mode is "HTML" or "MarkdownV2" or "Markdown" && text is not null
            ? mode
            : throw new FakeApiError($"Bad Request: unsupported parse_mode \"{mode}\"");
    }

    /// <summary>link_preview_options.is_disabled, or the older disable_web_page_preview.</summary>
    private static bool ReadNoPreview(RequestArgs args) =>
        args.Object("link_preview_options", WireJson.Default.LinkPreviewOptions, "Bad Request: can't parse link preview options JSON object")?.IsDisabled == true
        || args.Bool("disable_web_page_preview");

    private static InlineKeyboardMarkup? ReadMarkup(RequestArgs args)
    {
        var markup = args.Object("reply_markup", WireJson.Default.InlineKeyboardMarkup, "Bad Request: can't parse reply keyboard markup JSON object");
        if (markup is null || markup.InlineKeyboard.All(row => row.Count == 0))
        {
            return null;
        }
        foreach (var button in markup.InlineKeyboard.SelectMany(row => row))
        {
            if (button.Text.Length == 0)
            {
                throw new FakeApiError("Bad Request: can't parse inline keyboard button: Text must be non-empty");
            }
            if (button.CallbackData is { } data && (data.Length == 0 || Encoding.UTF8.GetByteCount(data) > InlineKeyboardButton.MaxCallbackDataBytes))
            {
                throw new FakeApiError("Bad Request: BUTTON_DATA_INVALID");
            }
            if (button.CallbackData is null && button.Url is null)
            {
                throw new FakeApiError("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
            }
        }
        return markup;
    }

    private static bool SameMarkup(InlineKeyboardMarkup? a, InlineKeyboardMarkup? b) =>
        JsonSerializer.Serialize(a, WireJson.Default.InlineKeyboardMarkup) == JsonSerializer.Serialize(b, WireJson.Default.InlineKeyboardMarkup);

    private void Throttle(ChatState chat, bool countPerChat)
    {
        if (!_enforceRateLimits)
        {
            return;
        }
        var rules = new List<(string, int, TimeSpan)> { ("all", 30, TimeSpan.FromSeconds(1)) };
        if (countPerChat)
        {
            rules.Add(chat.IsPrivate
                ? ($"chat:{chat.Id}", 1, TimeSpan.FromSeconds(1))
                : ($"chat:{chat.Id}", 20, TimeSpan.FromMinutes(1)));
        }
        if (!_rateLimiter.TryAcquire(_clock.GetUtcNow(), rules, out var retryAfter))
        {
            _rateLimitViolations++;
            throw new FakeApiError($"Too Many Requests: retry after {retryAfter}", 429, retryAfter);
        }
    }
}
