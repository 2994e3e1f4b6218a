using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Makker.Telegram.Client;

/// <summary>
/// The Telegram channel's traces and metrics, under the names <see cref="Name"/> for both. They cost nothing until an
/// exporter listens (OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set, or dotnet-counters). No tag carries a
/// text, a name or a chat id: only methods, kinds and counts.
/// </summary>
public sealed class TelegramMetrics
{
    public const string Name = "Makker.Telegram";

    /// <summary>One span per update (<c>telegram.update</c>), with its id and kind as attributes.</summary>
    public static readonly ActivitySource Updates = new(Name);

    private readonly Counter<long> _updates;
    private readonly Histogram<double> _calls;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _tooManyRequests;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _unreachable;

    public TelegramMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _updates = meter.CreateCounter<long>("makker.telegram.updates", "{update}", "Updates handled, by kind and outcome.");
        _calls = meter.CreateHistogram<double>("makker.telegram.call.duration", "s", "Bot API calls, by method and HTTP status (0: no answer).");
        _sent = meter.CreateCounter<long>("makker.telegram.sent", "{message}", "Messages, files and edits Telegram accepted, by kind.");
        _tooManyRequests = meter.CreateCounter<long>("makker.telegram.too_many_requests", "{answer}", "429 answers: Telegram asked the bot to slow down.");
        _retries = meter.CreateCounter<long>("makker.telegram.retries", "{try}", "Sends tried again after a 5xx or no usable answer.");
        _parked = meter.CreateCounter<long>("makker.telegram.parked", "{message}", "Outbox rows given up on (refused, or too many failed tries).");
        _unreachable = meter.CreateCounter<long>("makker.telegram.unreachable", "{person}", "Chats found blocked or gone.");
    }

    public void UpdateHandled(string kind, string outcome) =>
        _updates.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void Called(string method, int status, TimeSpan duration) =>
        _calls.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status));

    public void Sent(string kind) => _sent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void TooManyRequests() => _tooManyRequests.Add(1);

    public void Retried() => _retries.Add(1);

    public void Parked(int count, string reason) => _parked.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Unreachable() => _unreachable.Add(1);
}
