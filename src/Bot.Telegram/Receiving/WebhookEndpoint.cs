using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Makker.Telegram.Receiving;

public static class WebhookEndpoint
{
    public const string Path = "/telegram/webhook";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync);
        return app;
    }

    /// <summary>
    /// 200 once the update's turn is saved, so Telegram retries anything that failed; the dedupe makes a retry
    /// harmless. Wrong secret: 401 and nothing is read. Malformed or oversized: 400, logged without content.
    /// </summary>
    private static async Task<IResult> ReceiveAsync(HttpContext http, WebhookSecret secret, TelegramUpdateHandler handler,
        IOptions<TelegramOptions> options, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(WebhookEndpoint).FullName!);
        if (!secret.Matches(http.Request.Headers[WebhookSecret.HeaderName]))
        {
            log.LogWarning("Refused a webhook call without the right secret from {RemoteIp}", http.Connection.RemoteIpAddress);
            return Results.Unauthorized();
        }
        var limit = options.Value.MaxUpdateBytes;
        if (http.Request.ContentLength > limit)
        {
            log.LogWarning("Refused an update of {Length} bytes (limit {Limit})", http.Request.ContentLength, limit);
            return Results.BadRequest();
        }
        var body = await ReadAtMostAsync(http.Request.Body, limit + 1, http.RequestAborted);
        if (body.Length > limit)
        {
            log.LogWarning("Refused an update of more than {Limit} bytes", limit);
            return Results.BadRequest();
        }
        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException)
        {
            // What Telegram.Bot cannot read is answered 400 and logged without its content, and the host goes on.
            log.LogWarning("Refused a malformed update of {Length} bytes", body.Length);
            return Results.BadRequest();
        }
        if (update is null || update.Id <= 0)
        {
            log.LogWarning("Refused an update without an update_id ({Length} bytes)", body.Length);
            return Results.BadRequest();
        }
        // The turn runs to its end even if Telegram hangs up: half a turn would only be rolled back and redone.
        await handler.HandleAsync(update, CancellationToken.None);
        return Results.Ok();
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < max && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
