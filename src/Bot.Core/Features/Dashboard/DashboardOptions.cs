namespace Makker.Features.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The address coordinators open the dashboard at; empty: Telegram's public address, else the local one.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The full address of a dashboard path ("/dashboard/login?token=…"), for the links the bot sends.</summary>
    public string Link(string path) => PublicUrl.TrimEnd('/') + path;

    /// <summary>A login link works once, for this long.</summary>
    public int LoginLinkMinutes { get; set; } = 10;

    /// <summary>How long a dashboard session lasts without logging in again.</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Where this host itself listens, as ASP.NET Core reads it (ASPNETCORE_URLS or --urls, else ASPNETCORE_HTTP_PORTS,
    /// else Kestrel's own default), with a wildcard host read as this machine: the login links' address when neither
    /// Dashboard:PublicUrl nor Telegram:PublicUrl is set.
    /// </summary>
    public static string LocalUrl(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } url)
        {
            return System.Text.RegularExpressions.Regex.Replace(url, @"//(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", "//localhost").TrimEnd('/');
        }
        if (configuration["http_ports"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } port)
        {
            return $"http://localhost:{port}";
        }
        return "http://localhost:5000";
    }
}
