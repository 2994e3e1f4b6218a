using System.Net;
using Makker.Host.Operations;
using Makker.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.FileProviders;

namespace Makker.Host.Dashboard;

/// <summary>
/// What keeps the dashboard safe in the browser and behind a proxy: trusted proxies only, HSTS outside Development, a
/// strict Content-Security-Policy and no caching on every dashboard response, and the cookie keys shared by every
/// instance (in the database on PostgreSQL).
/// </summary>
public static class DashboardSecurity
{
    /// <summary>The dashboard's only stylesheet; the policy allows no inline style.</summary>
    public const string StylesheetPath = "/static/dashboard.css";

    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var proxies = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.KnownProxies.Length > 0 || proxies.KnownNetworks.Length > 0)
            {
                // Listed: only these are believed, not the default of this machine's loopback.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in proxies.KnownProxies)
                {
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
                }
                foreach (var network in proxies.KnownNetworks)
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        // One application name, so every instance (and a restart from another folder) reads the same cookies.
        var protection = services.AddDataProtection().SetApplicationName("Makker");
        if (storage.IsPostgres)
        {
            protection.PersistKeysToDbContext<MakkerDb>();
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(StorageSetup.ResolveDataDirectory(storage, contentRoot), "keys")));
        }
        return services;
    }

    /// <summary>Runs first in the pipeline: the client's real address and scheme, HSTS, the dashboard's headers, its stylesheet and the design system.</summary>
    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/dashboard"))
            {
                http.Response.OnStarting(() =>
                {
                    var headers = http.Response.Headers;
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
            }
            return next(http);
        });
        var folder = Path.Combine(app.Environment.WebRootPath, "static");
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/static",
            FileProvider = new PhysicalFileProvider(folder),
            OnPrepareResponse = c => c.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });
        // The vendored design system (wwwroot/lib), served with the dashboard whether or not the web chat is on.
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/lib",
            FileProvider = new PhysicalFileProvider(Path.Combine(app.Environment.WebRootPath, "lib")),
            OnPrepareResponse = c => c.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });
        return app;
    }
}
