using System.Diagnostics.Metrics;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Operations;

/// <summary>
/// The engine's metrics, under <see cref="Name"/>: how long turns take, and how much the outbox holds and for how
/// long. They cost nothing until something listens (an OpenTelemetry exporter, dotnet-counters); the outbox gauges
/// ask the database only when a listener collects them (once a minute with OpenTelemetry's defaults).
/// </summary>
public sealed class MakkerMetrics
{
    public const string Name = "Makker";

    private readonly Histogram<double> _turns;
    private readonly IDbContextFactory<MakkerDb> _dbs;
    private readonly TimeProvider _clock;

    public MakkerMetrics(IMeterFactory meters, IDbContextFactory<MakkerDb> dbs, TimeProvider clock)
    {
        _dbs = dbs;
        _clock = clock;
        var meter = meters.Create(Name);
        _turns = meter.CreateHistogram<double>("makker.turn.duration", "s", "One incoming message turned into saved state and outbox rows, by channel and outcome.");
        meter.CreateObservableGauge("makker.outbox.depth", () => Measure().Depth, "{message}", "Outbox rows waiting to be sent (held ones included).");
        meter.CreateObservableGauge("makker.outbox.oldest_age", () => Measure().OldestAge, "s", "How long the oldest waiting outbox row has waited.");
    }

    public void TurnTook(TimeSpan duration, string channel, string outcome) =>
        _turns.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    // Both gauges are collected together; one look at the table serves both.
    private (DateTimeOffset At, int Depth, double OldestAge) _last;

    private (int Depth, double OldestAge) Measure()
    {
        var now = _clock.GetUtcNow();
        if (now - _last.At < TimeSpan.FromSeconds(1))
        {
            return (_last.Depth, _last.OldestAge);
        }
        using var db = _dbs.CreateDbContext();
        // The (Status, Id) index answers both: the count, and the oldest row by id.
        var depth = db.Outbox.Count(o => o.Status == OutboxStatus.Pending);
        var oldest = db.Outbox.Where(o => o.Status == OutboxStatus.Pending).OrderBy(o => o.Id).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefault();
        var age = oldest is { } created ? Math.Max(0, (now - created).TotalSeconds) : 0;
        _last = (now, depth, age);
        return (depth, age);
    }
}
