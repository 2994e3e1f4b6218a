using System.Net;
using Telegram.Bot.Exceptions;

namespace Makker.Telegram.Client;

/// <summary>
/// What a failed Bot API call means for Makker. Telegram.Bot throws <see cref="ApiRequestException"/> when Telegram
/// answered and said no, and a plain <see cref="RequestException"/> when there was no usable answer (no connection,
/// no answer in time, or something that is not a Bot API answer, such as a proxy's HTML page).
/// </summary>
public static class TelegramFailures
{
    /// <summary>403: the person blocked the bot or deleted their account, or the bot left the group. Retrying cannot help.</summary>
    public static bool IsBlocked(this ApiRequestException e) => e.ErrorCode == 403;

    public static bool IsChatNotFound(this ApiRequestException e) =>
        e.ErrorCode == 400 && e.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>An edit that would change nothing: the message already shows what was wanted, a success in disguise.</summary>
    public static bool IsNotModified(this ApiRequestException e) =>
        e.ErrorCode == 400 && e.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    /// <summary>Too old or deleted by the person: nothing to change, and nothing to retry.</summary>
    public static bool IsGoneForEditing(this ApiRequestException e) =>
        e.ErrorCode == 400 && (e.Message.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("message can't be edited", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The same request may succeed later: flood control, a fault on Telegram's side, or no usable answer at all (in
    /// which case it is unknown whether the request took effect, so a retried message may arrive twice).
    /// </summary>
    public static bool IsRetryable(this RequestException e) => e switch
    {
        ApiRequestException api => api.ErrorCode == 429 || api.ErrorCode >= 500,
        _ => true,
    };

    public static bool IsTimeout(this RequestException e) =>
        e is not ApiRequestException && e.InnerException is TaskCanceledException { InnerException: TimeoutException };

    /// <summary>
    /// A description safe for a log line: Telegram's own error text, or the kind of failure. Never the request URL
    /// (which holds the token) and never an inner exception's text.
    /// </summary>
    public static string Describe(this RequestException e) => e switch
    {
        ApiRequestException api => $"{api.ErrorCode} {api.Message}",
        _ when e.IsTimeout() => "no answer in time",
        _ when e.InnerException is HttpRequestException http => $"network failure ({http.HttpRequestError})",
        _ when e.HttpStatusCode is { } status => $"an answer that is not a Bot API answer (HTTP {(int)status})",
        _ => "no usable answer",
    };

    /// <summary>The HTTP status of an answer that was not a Bot API answer, if one came.</summary>
    public static int? MalformedStatus(this RequestException e) =>
        e is not ApiRequestException && e.HttpStatusCode is HttpStatusCode status ? (int)status : null;
}
