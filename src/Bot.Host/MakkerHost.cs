using Makker.Conversations.Dialogs;
using Makker.Host.Channels.WebChat;
using Makker.Host.Dashboard;
using Makker.Host.Operations;
using Makker.Scheduling;
using Makker.Telegram;
using Microsoft.Extensions.Options;

namespace Makker.Host;

/// <summary>Builds the web host: the core, the channels at the edge, and the start-up checks.</summary>
public static class MakkerHost
{
    /// <param name="configure">Lets tests swap the clock or settings before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Settings are read once at start. Watching them for changes watches the whole content root, including
            // the data folder under it, so every SQLite commit woke a file-watcher thread (a few percent of the CPU
            // under load) for a reload nobody uses; given first, so --hostBuilder:reloadConfigOnChange=true still wins.
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            // The web chat page ships next to the binaries, so the host serves it from wherever it runs.
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Services.AddMakkerCore(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddMakkerScheduling(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddTelegramChannel(builder.Configuration);
        builder.Services.AddOptions<WebChatOptions>().Bind(builder.Configuration.GetSection(WebChatOptions.Section));
        builder.Services.AddSingleton<WebChatNames>();
        builder.Services.AddDashboard(builder.Configuration, builder.Environment);
        builder.Services.AddMakkerTelemetry(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseDashboardSecurity();
        var webChat = app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value;
        WebChatGate.CheckAllowed(webChat, app.Environment);
        if (webChat.Enabled)
        {
            app.UseLoopbackOnly();
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapWebChat(webChat.DemoControls);
            if (webChat.DemoControls)
            {
                app.MapDemoControls();
            }
        }
        app.MapDashboard();
        app.MapSchedulerDashboard();
        app.MapTelegram();
        // Alive: the process answers. Ready: it can do its work (database, scheduler, Telegram); 503 until then.
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (IEnumerable<Makker.Operations.IReadinessCheck> checks, CancellationToken ct) =>
        {
            var results = await Task.WhenAll(checks.Select(c => c.CheckAsync(ct)));
            var ready = results.All(r => r.Ready);
            return Results.Json(new { status = ready ? "ready" : "not ready", checks = results }, statusCode: ready ? 200 : 503);
        });
        return app;
    }

    /// <summary>Checks dialogs and database, then runs until stopped. A broken dialog file is one line on stderr and exit code 1.</summary>
    /// <param name="configure">Lets the crash tests run the real process with a clock they drive.</param>
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplication app;
        try
        {
            app = Build(args, configure);
        }
        catch (UnsafeSettingsException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        try
        {
            await app.Services.PrepareMakkerAsync(app.Lifetime.ApplicationStopping);
        }
        catch (DialogFileException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        app.Lifetime.ApplicationStarted.Register(() => LogWebChatAddress(app));
        await app.RunAsync();
        return 0;
    }

    private static void LogWebChatAddress(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value.Enabled)
        {
            app.Logger.LogInformation("Web chat is open at {WebChatUrl}", app.Urls.FirstOrDefault());
        }
    }
}
