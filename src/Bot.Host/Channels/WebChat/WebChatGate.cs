using System.Net;

namespace Makker.Host.Channels.WebChat;

/// <summary>The host will not start: a setting asks for something unsafe. One line says which setting and what to do.</summary>
public sealed class UnsafeSettingsException(string message) : Exception(message);

/// <summary>
/// The web chat lets anyone who reaches it talk as any demo person. Outside Development it runs only when
/// WebChat:AllowOutsideDevelopment says so, and then answers this machine only (after a trusted proxy's
/// X-Forwarded-For, so a proxied visitor from outside is refused too).
/// </summary>
public static class WebChatGate
{
    public static void CheckAllowed(WebChatOptions options, IHostEnvironment environment)
    {
        if (options.Enabled && !environment.IsDevelopment() && !options.AllowOutsideDevelopment)
        {
            throw new UnsafeSettingsException(
                $"WebChat:Enabled is on in the {environment.EnvironmentName} environment, where anyone who reaches the web chat could talk as any demo person. "
                + "Turn it off, or set WebChat:AllowOutsideDevelopment=true to run it for this machine only.");
        }
    }

    /// <summary>Outside Development: the web chat's page, files and API answer loopback only; anyone else gets 404.</summary>
    public static void UseLoopbackOnly(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }
        var files = Directory.Exists(app.Environment.WebRootPath)
            ? Directory.GetFiles(app.Environment.WebRootPath).Select(f => "/" + Path.GetFileName(f)).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        app.Use((http, next) =>
        {
            var path = http.Request.Path;
            var webChat = path == "/" || path.StartsWithSegments("/api/webchat") || (path.HasValue && files.Contains(path.Value!));
            if (webChat && http.Connection.RemoteIpAddress is { } from && !IPAddress.IsLoopback(from))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(http);
        });
    }
}
