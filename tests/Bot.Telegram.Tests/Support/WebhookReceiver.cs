using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

using Makker.Testing;

namespace Makker.Telegram.Tests.Support;

/// <summary>A stand-in for the bot's webhook endpoint: records what Telegram (here: the fake) POSTs to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string? SecretHeader, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status the endpoint answers with.</summary>
    public int Status { get; set; } = 200;

    public required Uri Url { get; init; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver receiver = null!;
        var (app, address) = await Loopback.StartAsync(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(ctx.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].FirstOrDefault(), body));
            ctx.Response.StatusCode = receiver.Status;
        });
        receiver = new WebhookReceiver(app) { Url = new Uri(address, "/telegram/webhook") };
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
