using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Api;

/// <summary>
/// A thin typed client for the Bot API methods Makker uses. It adds no retries and no rate limiting: that is
/// the dispatcher's job, which knows whether a message may be repeated. Every failure surfaces as
/// <see cref="TelegramApiException"/> (Telegram said no) or <see cref="TelegramTransportException"/> (no usable
/// answer); a cancellation by the caller surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// The request URL is built here because it contains the token; the HttpClient needs no BaseAddress. Each call
/// has its own time limit, so the HttpClient's own Timeout must be longer than the longest poll plus
/// <see cref="TelegramOptions.RequestTimeoutSeconds"/> (its default of 100 s is, for polls of up to 50 s).
/// </remarks>
public sealed partial class TelegramBotClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly ILogger<TelegramBotClient> _log;

    public TelegramBotClient(HttpClient http, IOptions<TelegramOptions> options, ILogger<TelegramBotClient> log)
    {
        _http = http;
        _options = options.Value;
        _log = log;
    }

    private TimeSpan RequestTimeout => TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds));

    public async Task<User> GetMeAsync(CancellationToken ct = default)
    {
        var result = await CallAsync("getMe", new GetMeRequest(), TelegramJson.Default.GetMeRequest,
            TelegramJson.Default.ApiResponseUser, RequestTimeout, ct);
        return result ?? throw Malformed("getMe");
    }

    /// <summary>
    /// Long polling. Passing <paramref name="offset"/> confirms (and makes Telegram forget) every update with a
    /// smaller id; the request is allowed to run <paramref name="timeoutSeconds"/> plus the normal request time
    /// limit, so a poll that waits its full time is not mistaken for a hang.
    /// </summary>
    public async Task<IReadOnlyList<Update>> GetUpdatesAsync(long? offset, int limit, int timeoutSeconds,
        IReadOnlyList<string>? allowedUpdates, CancellationToken ct = default)
    {
        var request = new GetUpdatesRequest
        {
            Offset = offset,
            Limit = limit,
            Timeout = timeoutSeconds,
            AllowedUpdates = allowedUpdates,
        };
        var timeout = TimeSpan.FromSeconds(Math.Max(0, timeoutSeconds)) + RequestTimeout;
        var result = await CallAsync("getUpdates", request, TelegramJson.Default.GetUpdatesRequest,
            TelegramJson.Default.ApiResponseIReadOnlyListUpdate, timeout, ct);
        return result ?? throw Malformed("getUpdates");
    }

    public async Task SetWebhookAsync(string url, string secretToken, IReadOnlyList<string>? allowedUpdates,
        bool dropPendingUpdates, CancellationToken ct = default)
    {
        var request = new SetWebhookRequest
        {
            Url = url,
            SecretToken = secretToken,
            AllowedUpdates = allowedUpdates,
            DropPendingUpdates = dropPendingUpdates,
        };
        await CallAsync("setWebhook", request, TelegramJson.Default.SetWebhookRequest, TelegramJson.Default.ApiResponseBoolean, RequestTimeout, ct);
    }

    public async Task DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken ct = default)
    {
        var request = new DeleteWebhookRequest { DropPendingUpdates = dropPendingUpdates };
        await CallAsync("deleteWebhook", request, TelegramJson.Default.DeleteWebhookRequest, TelegramJson.Default.ApiResponseBoolean, RequestTimeout, ct);
    }

    public async Task<WebhookInfo> GetWebhookInfoAsync(CancellationToken ct = default)
    {
        var result = await CallAsync("getWebhookInfo", new GetWebhookInfoRequest(), TelegramJson.Default.GetWebhookInfoRequest,
            TelegramJson.Default.ApiResponseWebhookInfo, RequestTimeout, ct);
        return result ?? throw Malformed("getWebhookInfo");
    }

    /// <param name="languageCode">Null sets the default list, shown to people whose language has no list of its own.</param>
    public async Task SetMyCommandsAsync(IReadOnlyList<BotCommand> commands, string? languageCode, CancellationToken ct = default)
    {
        var request = new SetMyCommandsRequest { Commands = commands, LanguageCode = languageCode };
        await CallAsync("setMyCommands", request, TelegramJson.Default.SetMyCommandsRequest, TelegramJson.Default.ApiResponseBoolean, RequestTimeout, ct);
    }

    /// <param name="parseMode">Null (plain text) unless the caller escaped the text with <see cref="TelegramText"/>.</param>
    public async Task<Message> SendMessageAsync(long chatId, string text, InlineKeyboardMarkup? replyMarkup,
        string? parseMode = null, CancellationToken ct = default)
    {
        var request = new SendMessageRequest { ChatId = chatId, Text = text, ReplyMarkup = replyMarkup, ParseMode = parseMode };
        var result = await CallAsync("sendMessage", request, TelegramJson.Default.SendMessageRequest,
            TelegramJson.Default.ApiResponseMessage, RequestTimeout, ct);
        return result ?? throw Malformed("sendMessage");
    }

    /// <summary>
    /// Replaces a message's text. A null <paramref name="replyMarkup"/> removes the keyboard, as in Telegram.
    /// Returns the edited message, or null when Telegram answers with a bare <c>true</c> (it does so for
    /// messages it does not return, such as inline messages).
    /// </summary>
    public async Task<Message?> EditMessageTextAsync(long chatId, long messageId, string text, InlineKeyboardMarkup? replyMarkup,
        CancellationToken ct = default)
    {
        var request = new EditMessageTextRequest { ChatId = chatId, MessageId = messageId, Text = text, ReplyMarkup = replyMarkup };
        var result = await CallAsync("editMessageText", request, TelegramJson.Default.EditMessageTextRequest,
            TelegramJson.Default.ApiResponseJsonElement, RequestTimeout, ct);
        if (result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        try
        {
            return result.Deserialize(TelegramJson.Default.Message);
        }
        catch (JsonException)
        {
            throw Malformed("editMessageText");
        }
    }

    /// <summary>Replaces or (with null) removes a message's inline keyboard, e.g. so an answered question cannot be answered twice.</summary>
    public async Task EditMessageReplyMarkupAsync(long chatId, long messageId, InlineKeyboardMarkup? replyMarkup, CancellationToken ct = default)
    {
        var request = new EditMessageReplyMarkupRequest { ChatId = chatId, MessageId = messageId, ReplyMarkup = replyMarkup };
        await CallAsync("editMessageReplyMarkup", request, TelegramJson.Default.EditMessageReplyMarkupRequest,
            TelegramJson.Default.ApiResponseJsonElement, RequestTimeout, ct);
    }

    /// <param name="text">A short notice shown on top of the chat; null just stops the button's spinner.</param>
    public async Task AnswerCallbackQueryAsync(string callbackQueryId, string? text, CancellationToken ct = default)
    {
        var request = new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId, Text = text };
        await CallAsync("answerCallbackQuery", request, TelegramJson.Default.AnswerCallbackQueryRequest,
            TelegramJson.Default.ApiResponseBoolean, RequestTimeout, ct);
    }

    /// <summary>
    /// Uploads a file (multipart/form-data) and returns the message that shows it. Telegram refuses a caption
    /// longer than <see cref="TelegramText.MaxCaptionLength"/>; a caller with a longer text sends it as a message
    /// first.
    /// </summary>
    /// <param name="caption">Plain text; null or empty sends the file without one.</param>
    public async Task<Message> SendDocumentAsync(long chatId, string fileName, byte[] content, string? caption,
        InlineKeyboardMarkup? replyMarkup, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        using var form = new MultipartFormDataContent
        {
            // The file name goes as raw UTF-8, as browsers send it. The Bot API server's form parser (tdlib's
            // HttpReader) reads only filename=, decodes nothing and skips filename*, so .NET's default for a
            // non-ASCII name (an RFC 2047 "=?utf-8?B?...?=" word plus filename*) would show as that word.
            HeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        };
        form.Add(new StringContent(chatId.ToString(CultureInfo.InvariantCulture)), "chat_id");
        if (!string.IsNullOrEmpty(caption))
        {
            form.Add(new StringContent(caption), "caption");
        }
        if (replyMarkup is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(replyMarkup, TelegramJson.Default.InlineKeyboardMarkup)), "reply_markup");
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "application/octet-stream");
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"document\"; filename=\"{FormFileName(fileName)}\"");
        form.Add(file);

        var result = await PostAsync("sendDocument", form, TelegramJson.Default.ApiResponseMessage, RequestTimeout, ct);
        return result ?? throw Malformed("sendDocument");
    }

    /// <summary>
    /// The Bot API server's form parser ends the file name at the next ';' and decodes no escapes, so the characters
    /// that would end it early (or end the header) become '_' rather than a %-escape the person would see.
    /// </summary>
    private static string FormFileName(string fileName) =>
        string.Create(fileName.Length, fileName, static (span, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                span[i] = name[i] is '"' or ';' or '\r' or '\n' ? '_' : name[i];
            }
        });

    private async Task<TResult?> CallAsync<TRequest, TResult>(string method, TRequest request, JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<ApiResponse<TResult>> responseInfo, TimeSpan timeout, CancellationToken ct)
    {
        // Serialized up front so the request has a Content-Length instead of a chunked body.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestInfo));
        content.Headers.ContentType = JsonMediaType;
        return await PostAsync(method, content, responseInfo, timeout, ct);
    }

    /// <summary>One Bot API call, whatever its body: every answer and failure is mapped here, in one way.</summary>
    private async Task<TResult?> PostAsync<TResult>(string method, HttpContent content, JsonTypeInfo<ApiResponse<TResult>> responseInfo,
        TimeSpan timeout, CancellationToken ct)
    {
        var token = _options.BotToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException("Telegram:BotToken is not configured.");
        }
        var uri = new Uri($"{_options.ApiBaseUrl.TrimEnd('/')}/bot{token}/{method}");

        // Our own limit rather than HttpClient.Timeout, because a long poll needs a longer one than other calls.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);

        ApiResponse<TResult>? body;
        int status;
        try
        {
            using var response = await _http.PostAsync(uri, content, limit.Token);
            status = (int)response.StatusCode;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(limit.Token);
                body = await JsonSerializer.DeserializeAsync(stream, responseInfo, limit.Token);
            }
            catch (JsonException)
            {
                LogMalformed(method, status);
                throw new TelegramTransportException(method, TelegramTransportFailure.MalformedResponse, status);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Thrown anew so it carries the caller's token rather than our linked one.
            throw new OperationCanceledException(ct);
        }
        catch (OperationCanceledException)
        {
            // Our limit, or HttpClient.Timeout if that is the shorter one: either way Telegram did not answer in time.
            LogTimeout(method);
            throw new TelegramTransportException(method, TelegramTransportFailure.Timeout);
        }
        catch (HttpRequestException e)
        {
            // e.Message is not passed on: it may contain the URL, and with it the token.
            LogNetworkFailure(method, e.HttpRequestError);
            throw new TelegramTransportException(method, TelegramTransportFailure.Network, networkError: e.HttpRequestError);
        }
        catch (IOException)
        {
            LogNetworkFailure(method, HttpRequestError.ResponseEnded);
            throw new TelegramTransportException(method, TelegramTransportFailure.Network, networkError: HttpRequestError.ResponseEnded);
        }

        if (body is null || (!body.Ok && body.ErrorCode is null && body.Description is null))
        {
            LogMalformed(method, status);
            throw new TelegramTransportException(method, TelegramTransportFailure.MalformedResponse, status);
        }
        if (!body.Ok)
        {
            var code = body.ErrorCode ?? status;
            var description = body.Description ?? "";
            LogRefused(method, code, description);
            throw new TelegramApiException(method, code, description, body.Parameters?.RetryAfter, body.Parameters?.MigrateToChatId);
        }
        LogAnswered(method, status);
        return body.Result;
    }

    private TelegramTransportException Malformed(string method)
    {
        LogMalformed(method, 200);
        return new TelegramTransportException(method, TelegramTransportFailure.MalformedResponse, 200);
    }

    // Log lines carry the method and status only: no token, no URL, no chat texts.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method}: HTTP {Status}")]
    private partial void LogAnswered(string method, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} refused: {ErrorCode} {Description}")]
    private partial void LogRefused(string method, int errorCode, string description);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} timed out")]
    private partial void LogTimeout(string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed on the network: {Error}")]
    private partial void LogNetworkFailure(string method, HttpRequestError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered HTTP {Status} with a body that is not a Bot API response")]
    private partial void LogMalformed(string method, int status);
}
