using System.Collections.Concurrent;
using System.Text;
using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Makker.IntegrationTests.Operations;

/// <summary>
/// Traces and metrics go out with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, to a collector the test owns: a span
/// per update and the channel's and engine's metrics arrive, and no byte of what people wrote, their names or the bot
/// token is in them. Without the setting nothing of OpenTelemetry is registered.
/// </summary>
public sealed class TelemetryTests
{
    /// <summary>An OTLP/HTTP collector on loopback that keeps the raw bodies (protobuf keeps strings as UTF-8).</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Collector(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

        public required Uri Url { get; init; }

        public static async Task<Collector> StartAsync()
        {
            Collector collector = null!;
            var (app, address) = await Loopback.StartAsync(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector.Received.Enqueue((http.Request.Path, body.ToArray()));
                http.Response.StatusCode = 200;
                http.Response.ContentType = "application/x-protobuf";
            });
            collector = new Collector(app) { Url = address };
            return collector;
        }

        public bool Has(string path, string text) =>
            Received.Any(r => r.Path == path && Contains(r.Body, text));

        public bool AnyContains(string text) => Received.Any(r => Contains(r.Body, text));

        private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_each_update_is_a_span_and_the_metrics_go_out_without_texts_names_or_the_token()
    {
        await using var collector = await Collector.StartAsync();
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        });
        var anna = bed.Telegram.AddUser("Annabella", "da");
        await bed.ConsentAsync(anna);
        const string secret = "mit-hemmelige-ord-7319";
        await anna.SendTextAsync(secret);
        await bed.AdvanceUntilAsync(() => anna.Messages.Count(m => m.FromBot) >= 4);

        await Eventually.WaitAsync(() => Task.FromResult(
                collector.Has("/v1/traces", "telegram.update") && collector.Has("/v1/traces", "telegram.update_id")
                && collector.Has("/v1/metrics", "makker.telegram.updates") && collector.Has("/v1/metrics", "makker.turn.duration")
                && collector.Has("/v1/metrics", "makker.outbox.depth") && collector.Has("/v1/metrics", "makker.telegram.sent")),
            "spans and metrics to reach the collector", TimeSpan.FromSeconds(30));

        // The Bot API calls are traced by method, with the token taken out of their URL.
        Assert.True(collector.Has("/v1/traces", "/bot{token}/sendMessage"));
        Assert.False(collector.AnyContains(bed.Telegram.Token));
        Assert.False(collector.AnyContains(secret));
        Assert.False(collector.AnyContains("Annabella"));
        Assert.False(collector.AnyContains("Tak, "));
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_nothing_of_OpenTelemetry_is_registered()
    {
        await using var host = await RunningHost.StartAsync();

        Assert.Null(host.Services.GetService<TracerProvider>());
    }
}
