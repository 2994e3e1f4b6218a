using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Makker.Telegram.Api;

namespace Makker.Testing.FakeTelegram;

// The Bot API methods other than getUpdates. Each runs under the lock and either returns Telegram's answer or
// throws FakeApiError with Telegram's error description, so a client sees what the real server would say.
public sealed partial class FakeTelegramServer
{
    private static readonly string[] KnownMethods =
    [
        "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands", "getMyCommands",
        "sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery",
    ];

    private const string NotModified =
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private const string QueryInvalid = "Bad Request: query is too old and response timeout expired or query ID is invalid";

    /// <summary>The Bot API's limit for a file a bot uploads.</summary>
    private const long MaxUploadBytes = 50L * 1024 * 1024;

    private readonly Dictionary<string, IReadOnlyList<BotCommand>> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _openCallbackQueries = new(StringComparer.Ordinal);
    private long _lastFileId;

    /// <summary>The commands set with setMyCommands for a language (null: the default list); empty when none were set.</summary>
    public IReadOnlyList<BotCommand> CommandsFor(string? languageCode)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(languageCode ?? "", out var commands) ? commands : [];
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
                "getMe" => Ok(BotUser, TelegramJson.Default.ApiResponseUser),
                "setWebhook" => SetWebhook(args),
                "deleteWebhook" => DeleteWebhook(args),
                "getWebhookInfo" => Ok(WebhookInfoLocked(), TelegramJson.Default.ApiResponseWebhookInfo),
                "setMyCommands" => SetMyCommands(args),
                "getMyCommands" => Ok(_commands.GetValueOrDefault(args.String("language_code") ?? "") ?? [],
                    TelegramJson.Default.ApiResponseIReadOnlyListBotCommand),
                "sendMessage" => SendMessage(args),
                "sendDocument" => SendDocument(args),
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
        _sent.Add(new FakeSentMessage(chat.Id, message.MessageId, text, markup, parseMode, now));
        return Ok(message.ToMessage(chat), TelegramJson.Default.ApiResponseMessage);
    }

    private Reply SendDocument(RequestArgs args)
    {
        var chat = RequireChat(args);
        var file = args.File("document") ?? throw new FakeApiError(args.Has("document")
            // A string is a file_id or a URL of a file Telegram already has; this fake keeps no such files.
            ? "Bad Request: wrong file identifier/HTTP URL specified"
            : "Bad Request: there is no document in the request");
        if (file.Content.Length == 0)
        {
            throw new FakeApiError("Bad Request: file must be non-empty");
        }
        if (file.Content.Length > MaxUploadBytes)
        {
            throw new FakeApiError("Request Entity Too Large", 413);
        }
        var caption = args.String("caption") ?? "";
        if (caption.Length > TelegramText.MaxCaptionLength)
        {
            throw new FakeApiError("Bad Request: message caption is too long");
        }
        var parseMode = ReadParseMode(args, caption);
        var markup = ReadMarkup(args);
        Throttle(chat, countPerChat: true);

        var now = _clock.GetUtcNow();
        var fileId = ++_lastFileId;
        var fileName = file.FileName.Length > 0 ? file.FileName : "document";
        var message = new MessageState
        {
            MessageId = chat.NextMessageId(),
            From = BotUser,
            Date = now,
            Text = caption,
            Markup = markup,
            ParseMode = parseMode,
            Document = new Document
            {
                FileId = $"BQACAgQAAxkDAAFake{fileId}",
                FileUniqueId = $"AgADFake{fileId}",
                FileName = fileName,
                MimeType = file.ContentType,
                FileSize = file.Content.Length,
            },
        };
        chat.Messages.Add(message);
        _documents.Add(new FakeSentDocument(chat.Id, message.MessageId, fileName, file.ContentType, file.Content,
            caption.Length > 0 ? caption : null, markup, now));
        return Ok(message.ToMessage(chat), TelegramJson.Default.ApiResponseMessage);
    }

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
        return Ok(message.ToMessage(chat), TelegramJson.Default.ApiResponseMessage);
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
        return Ok(message.ToMessage(chat), TelegramJson.Default.ApiResponseMessage);
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
        var commands = args.Object("commands", TelegramJson.Default.IReadOnlyListBotCommand, "Bad Request: can't parse commands JSON object")
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
        _commands[args.String("language_code") ?? ""] = commands;
        return OkTrue();
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
        return text.Length > TelegramText.MaxMessageLength ? throw new FakeApiError("Bad Request: message is too long") : text;
    }

    private static string? ReadParseMode(RequestArgs args, string text)
    {
        var mode = args.String("parse_mode");
        if (string.IsNullOrEmpty(mode))
        {
            return null;
        }
        if (string.Equals(mode, ParseModes.Html, StringComparison.OrdinalIgnoreCase))
        {
            return TelegramHtmlCheck.Check(text) is { } error ? throw new FakeApiError(error) : mode;
        }
        return mode is ParseModes.MarkdownV2 or "Markdown"
            ? mode
            : throw new FakeApiError($"Bad Request: unsupported parse_mode \"{mode}\"");
    }

    private static InlineKeyboardMarkup? ReadMarkup(RequestArgs args)
    {
        var markup = args.Object("reply_markup", TelegramJson.Default.InlineKeyboardMarkup, "Bad Request: can't parse reply keyboard markup JSON object");
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
        JsonSerializer.Serialize(a, TelegramJson.Default.InlineKeyboardMarkup) == JsonSerializer.Serialize(b, TelegramJson.Default.InlineKeyboardMarkup);

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
