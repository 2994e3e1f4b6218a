using System.Net.Http.Headers;
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

    private async Task<TResult?> CallAsync<TRequest, TResult>(string method, TRequest request, JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<ApiResponse<TResult>> responseInfo, TimeSpan timeout, CancellationToken ct)
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

        // Serialized up front so the request has a Content-Length instead of a chunked body.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestInfo));
        content.Headers.ContentType = JsonMediaType;

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
