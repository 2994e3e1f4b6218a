using Makker.Telegram.Api;
using Makker.Telegram.Receiving;
using Makker.Telegram.Sending;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram;

/// <summary>The Telegram edge: the only place that knows Telegram exists.</summary>
public static class TelegramChannel
{
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.Section))
            .Validate(o => o.ResolveMode() != TelegramReceiveMode.Webhook || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _),
                "Telegram:Mode is Webhook but Telegram:PublicUrl is not an absolute URL (such as https://makker.example.org).")
            .Validate(o => Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out _), "Telegram:ApiBaseUrl is not an absolute URL.")
            .ValidateOnStart();
        var options = configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() ?? new TelegramOptions();
        var mode = options.ResolveMode();
        if (mode == TelegramReceiveMode.Off)
        {
            return services;
        }

        services.AddSingleton(sp => new TelegramBotClient(
            // One long-lived client; pooled connections are renewed now and then so DNS changes are seen.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                // The client sets a time limit per call; this one only has to outlast the longest long poll.
                Timeout = TimeSpan.FromSeconds(options.PollTimeoutSeconds + options.RequestTimeoutSeconds + 30),
            },
            sp.GetRequiredService<IOptions<TelegramOptions>>(),
            sp.GetRequiredService<ILogger<TelegramBotClient>>()));
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<TelegramRateLimiter>();
        services.AddHostedService<TelegramSetup>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<Makker.Operations.IReadinessCheck, TelegramReadiness>();
        if (mode == TelegramReceiveMode.Polling)
        {
            services.AddHostedService<LongPolling>();
        }
        return services;
    }

    /// <summary>Maps the webhook endpoint when the bot receives by webhook.</summary>
    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value.ResolveMode() == TelegramReceiveMode.Webhook)
        {
            app.MapTelegramWebhook();
        }
        return app;
    }
}
