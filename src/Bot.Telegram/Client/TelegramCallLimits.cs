using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Client;

/// <summary>
/// The Bot API client's HTTP pipeline step: gives each call its own time limit (a long poll may wait its poll time
/// on top of the normal limit; every other call gets <see cref="TelegramOptions.RequestTimeoutSeconds"/>) and logs
/// the method and status. The HttpClient's own Timeout is off, because one value cannot fit both kinds of call.
/// </summary>
/// <remarks>
/// A call that runs out of time ends in a <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>,
/// as HttpClient's own timeout does, so Telegram.Bot reports it as a timed-out request rather than a cancellation by
/// the caller. Log lines carry the method name only: the request URL holds the token.
/// </remarks>
public sealed partial class TelegramCallLimits(IOptions<TelegramOptions> options, TelegramMetrics metrics, ILogger<TelegramCallLimits> log)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = MethodOf(request.RequestUri);
        var limit = TimeSpan.FromSeconds(Math.Max(1, options.Value.RequestTimeoutSeconds)
            + (method == "getUpdates" ? Math.Max(0, options.Value.PollTimeoutSeconds) : 0));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(limit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, timer.Token);
            // The body is read by the client after this returns, so it is read within the same limit.
            await response.Content.LoadIntoBufferAsync(timer.Token);
            LogAnswered(method, (int)response.StatusCode);
            metrics.Called(method, (int)response.StatusCode, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(method, limit.TotalSeconds);
            metrics.Called(method, 0, Stopwatch.GetElapsedTime(started));
            throw new TaskCanceledException($"Telegram {method} did not answer within {limit.TotalSeconds:0} s.", new TimeoutException(null, e));
        }
        catch (HttpRequestException e)
        {
            LogNetworkFailure(method, e.HttpRequestError);
            metrics.Called(method, 0, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>The Bot API method: the last segment of <c>/bot{token}/{method}</c>.</summary>
    public static string MethodOf(Uri? uri)
    {
        var path = uri?.AbsolutePath ?? "";
        return path[(path.LastIndexOf('/') + 1)..];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method}: HTTP {Status}")]
    private partial void LogAnswered(string method, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} gave no answer within {LimitSeconds} s")]
    private partial void LogTimedOut(string method, double limitSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed on the network: {Error}")]
    private partial void LogNetworkFailure(string method, HttpRequestError error);
}
