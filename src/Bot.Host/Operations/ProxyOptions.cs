namespace Makker.Host.Operations;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: the client's address (the web chat
/// answers loopback only) and https (Secure cookies, HSTS) come from them. Empty lists keep ASP.NET Core's default,
/// a proxy on this machine (127.0.0.0/8 and ::1); set either list and only what is listed is trusted.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, such as "10.0.0.5".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, such as "10.0.0.0/24".</summary>
    public string[] KnownNetworks { get; set; } = [];
}
