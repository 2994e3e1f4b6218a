using System.Net.Http;

namespace Makker.Telegram.Api;

/// <summary>
/// A failed Bot API call. Messages name the method only: never the token, the request URL or a message text,
/// so these exceptions are safe to log as they are.
/// </summary>
public abstract class TelegramException : Exception
{
    protected TelegramException(string method, string message) : base(message)
    {
        Method = method;
    }

    /// <summary>The Bot API method, e.g. "sendMessage".</summary>
    public string Method { get; }
}

/// <summary>Telegram answered, and said no (<c>ok: false</c>).</summary>
public sealed class TelegramApiException : TelegramException
{
    public TelegramApiException(string method, int errorCode, string description, int? retryAfterSeconds = null, long? migrateToChatId = null)
        : base(method, $"Telegram {method} failed with {errorCode}: {description}")
    {
        ErrorCode = errorCode;
        Description = description;
        RetryAfterSeconds = retryAfterSeconds;
        MigrateToChatId = migrateToChatId;
    }

    public int ErrorCode { get; }
    public string Description { get; }

    /// <summary>From a 429: the seconds Telegram wants us to wait before repeating the request.</summary>
    public int? RetryAfterSeconds { get; }

    /// <summary>The group was upgraded to a supergroup with this id.</summary>
    public long? MigrateToChatId { get; }

    /// <summary>
    /// 403: the person blocked the bot, deleted their account, or the bot was removed from the group. Retrying
    /// cannot help; the recipient is unreachable until they come back.
    /// </summary>
    public bool IsBlocked => ErrorCode == 403;

    public bool IsChatNotFound => ErrorCode == 400 && Description.Contains("chat not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>An edit that would change nothing; the message already shows what we wanted, so it is a success in disguise.</summary>
    public bool IsNotModified => ErrorCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    /// <summary>Flood control or a fault on Telegram's side: the same request may succeed later. Everything else is permanent.</summary>
    public bool IsRetryable => ErrorCode == 429 || ErrorCode >= 500;
}

public enum TelegramTransportFailure
{
    /// <summary>No connection, or the connection dropped before a whole answer arrived.</summary>
    Network,

    /// <summary>No answer within the request's time limit.</summary>
    Timeout,

    /// <summary>An answer arrived but was not a Bot API JSON envelope (e.g. a proxy's HTML error page).</summary>
    MalformedResponse,
}

/// <summary>
/// No usable answer from Telegram. Whether the request took effect is unknown (a sent message may have been
/// delivered before the connection dropped), so a retry can duplicate it.
/// </summary>
public sealed class TelegramTransportException : TelegramException
{
    public TelegramTransportException(string method, TelegramTransportFailure failure, int? httpStatusCode = null, HttpRequestError? networkError = null)
        : base(method, Describe(method, failure, httpStatusCode, networkError))
    {
        Failure = failure;
        HttpStatusCode = httpStatusCode;
        NetworkError = networkError;
    }

    public TelegramTransportFailure Failure { get; }
    public bool IsTimeout => Failure == TelegramTransportFailure.Timeout;

    /// <summary>The HTTP status of a malformed answer, when there was one.</summary>
    public int? HttpStatusCode { get; }

    /// <summary>
    /// The kind of network error. The underlying HttpRequestException is deliberately not kept as the inner
    /// exception: its message can contain the request URL, and the URL contains the bot token.
    /// </summary>
    public HttpRequestError? NetworkError { get; }

    private static string Describe(string method, TelegramTransportFailure failure, int? status, HttpRequestError? error) => failure switch
    {
        TelegramTransportFailure.Timeout => $"Telegram {method} timed out.",
        TelegramTransportFailure.MalformedResponse => $"Telegram {method} answered with something that is not a Bot API response (HTTP {status?.ToString() ?? "?"}).",
        _ => $"Telegram {method} failed on the network ({error?.ToString() ?? "unknown error"}).",
    };
}
