using Makker.Telegram.Client;
using Makker.Telegram.Receiving;
using Makker.Telegram.Sending;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
            .Validate(o => Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && uri.Query.Length == 0,
                "Telegram:ApiBaseUrl is not a server address such as https://api.telegram.org (no path: the client adds /bot<token>/<method>).")
            .ValidateOnStart();
        var options = configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() ?? new TelegramOptions();
        var mode = options.ResolveMode();
        if (mode == TelegramReceiveMode.Off)
        {
            return services;
        }
        if (!TelegramClients.LooksLikeToken(options.BotToken))
        {
            // One clear line and the rest of the host (web chat, dashboard, scheduler) keeps serving.
            services.AddHostedService<TelegramTokenRefused>();
            services.AddSingleton<Makker.Operations.IReadinessCheck, TelegramTokenRefused>();
            return services;
        }

        services.AddSingleton(new Makker.Conversations.ChannelTraits(TelegramAddress.Channel, HasCommandMenu: true));
        services.AddTelegramClient();
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton<TelegramRateLimiter>();
        services.AddSingleton<HostGroups>();
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
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (options.ResolveMode() == TelegramReceiveMode.Webhook && TelegramClients.LooksLikeToken(options.BotToken))
        {
            app.MapTelegramWebhook();
        }
        return app;
    }
}
