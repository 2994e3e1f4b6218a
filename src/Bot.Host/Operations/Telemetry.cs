using System.Diagnostics;
using System.Text.RegularExpressions;
using Makker.Operations;
using Makker.Telegram.Client;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Makker.Host.Operations;

/// <summary>
/// Traces and metrics through OpenTelemetry, exported with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard
/// OTEL_* variables configure the exporter); without it nothing is registered, so it costs nothing. Spans and metrics
/// carry ids, kinds, methods and counts: never a message text, a name or the bot token.
/// </summary>
public static partial class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddMakkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: configuration["OTEL_SERVICE_NAME"] ?? "makker"))
            .WithTracing(tracing => tracing
                .AddSource(TelegramMetrics.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // A load balancer's probes every few seconds would drown the traces that matter.
                    o.Filter = http => http.Request.Path != "/healthz" && http.Request.Path != "/readyz";
                    // The instrumentation sees every server in the process; one serving Bot API paths (a test's fake
                    // Telegram, a Bot API server hosted alongside) must not put tokens into traces either.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (BotPath().IsMatch(request.Path.Value ?? ""))
                        {
                            activity.SetTag("url.path", BotPath().Replace(request.Path.Value!, "/bot{token}/"));
                            activity.DisplayName = $"{request.Method} /bot{{token}}/";
                        }
                    };
                })
                .AddHttpClientInstrumentation(o =>
                {
                    // The Bot API's URL holds the token: the span keeps the method and loses the token.
                    o.EnrichWithHttpRequestMessage = (activity, request) => Redact(activity, request.RequestUri);
                    o.RecordException = false;
                })
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(MakkerMetrics.Name, TelegramMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        return services;
    }

    private static void Redact(Activity activity, Uri? uri)
    {
        if (uri is not null && BotPath().IsMatch(uri.AbsolutePath))
        {
            var path = BotPath().Replace(uri.AbsolutePath, "/bot{token}/");
            activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}{path}");
            activity.SetTag("url.path", path);
        }
    }

    [GeneratedRegex("/bot[^/]+/")]
    private static partial Regex BotPath();
}
