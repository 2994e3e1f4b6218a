using Makker.Features.CheckIns;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Host.Dashboard;

/// <summary>
/// The coordinators' dashboard: Razor Pages under Pages/Dashboard. In by a one-time link from the bot, then a session
/// cookie (HttpOnly, SameSite=Strict, Secure under https). Every community page checks on the server that the person
/// coordinates the community it shows (<see cref="Pages.Dashboard.CommunityPageModel"/>); every form carries an
/// anti-forgery token; every change goes to the audit log.
/// </summary>
public static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddDashboardSecurity(configuration, environment.ContentRootPath);
        // Outside Development the dashboard is behind https (a proxy's X-Forwarded-Proto counts): its cookies never go over plain http.
        var secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "makker_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.SlidingExpiration = false;
            // No password page to send people to: the way in is a link from the bot; the status page says so.
            o.Events.OnRedirectToLogin = c =>
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                DashboardReturn.Remember(c.HttpContext, c.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = c =>
            {
                c.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = DashboardAccess.CheckSessionStampAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<DashboardOptions>>((o, d) => o.ExpireTimeSpan = TimeSpan.FromHours(d.Value.SessionHours));
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "makker_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
        services.AddLocalization();
        // Danish and other letters as themselves in the pages, not as &#xE6; (everything is still encoded where it must be).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Dashboard"))
            // The pages live in this assembly, also when another one starts the host (the tests, the fault-test host).
            .ConfigureApplicationPartManager(parts =>
            {
                var host = typeof(DashboardEndpoints).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == host))
                {
                    // Its factory gives the compiled pages too, not only the types.
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(host).GetApplicationParts(host))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // Routing after the web chat's files: where the web chat is on, its page answers "/", not the front page.
        app.UseRouting();
        // A dashboard response without a body (not logged in, not yours, a form without its token) gets a page saying why, status kept.
        app.UseStatusCodePagesWithReExecute("/dashboard/status/{0}");
        app.Use((http, next) =>
        {
            // Only the dashboard's pages: the APIs and the webhook answer with their status alone, as before.
            if (!http.Request.Path.StartsWithSegments("/dashboard") && http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return next(http);
        });
        // Telegram's webhook carries no cookie: it skips the dashboard's sign-in, which cost every update a handful of
        // service look-ups.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments(Makker.Telegram.Receiving.WebhookEndpoint.Path), b => b.UseAuthentication());
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/dashboard") || c.Request.Path == "/", b => b.UseDashboardCulture());
        app.UseAuthorization();
        app.MapRazorPages();

        app.MapGet("/dashboard/c/{id:long}/numbers.csv", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, ActivityDirectory directory,
            EvaluationNumbers numbers, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardQueries.CoordinatedAsync(db, DashboardAccess.PersonOf(http.User), id, ct) is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            var places = new List<ActivityPlace>();
            foreach (var activity in await DashboardQueries.ActivitiesAsync(db, id, ct))
            {
                places.Add((await directory.FindAsync(db, activity.Id, ct))!);
            }
            var csv = await NumbersCsv.BuildAsync(db, numbers, places, clock.GetUtcNow(), ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "makker-numbers.csv");
        }).RequireAuthorization();
        return app;
    }
}
