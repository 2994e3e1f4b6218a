using System.Globalization;
using System.Security.Claims;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Host.Dashboard;

/// <summary>
/// The coordinators' dashboard: in by a one-time link from the bot, then a session cookie (HttpOnly,
/// SameSite=Strict, Secure under https). Every page checks on the server that the person coordinates the
/// community it shows; every form carries an anti-forgery token; every change goes to the audit log.
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
            // No password page to send people to: the way in is a link from the bot, so say that.
            o.Events.OnRedirectToLogin = c => NotLoggedIn().ExecuteAsync(c.HttpContext);
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
        return services;
    }

    private static IResult NotLoggedIn() =>
        new Html().Raw("<p>Du er ikke logget ind. Skriv /dashboard til botten, så får du et link.</p>").Page("Log ind", StatusCodes.Status401Unauthorized);

    private static IResult Refused(LoginRefusal refusal) =>
        new Html().Raw($"<p>{Html.E(refusal switch
        {
            LoginRefusal.Used => "Dette link er allerede brugt. Skriv /dashboard til botten for at få et nyt.",
            LoginRefusal.Expired => "Dette link er udløbet. Skriv /dashboard til botten for at få et nyt.",
            _ => "Det link kender jeg ikke. Skriv /dashboard til botten for at få et.",
        })}</p>").Page("Log ind", StatusCodes.Status403Forbidden);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Opening the link only shows a button: a link preview, a mail scanner or a crawler that fetches it uses nothing up.
        app.MapGet("/dashboard/login", async (string? token, DashboardLogins logins, TimeProvider clock, HttpContext http, IAntiforgery antiforgery,
            CancellationToken ct) =>
        {
            if (await logins.CheckAsync(token, clock.GetUtcNow(), ct) is { } refusal)
            {
                return Refused(refusal);
            }
            return new Html().Raw("<form method=\"post\" action=\"/dashboard/login\">" + DashboardAccess.FormToken(antiforgery, http)
                + $"<input type=\"hidden\" name=\"token\" value=\"{Html.E(token)}\"><p><button type=\"submit\">Log ind</button></p></form>"
                + "<p class=\"note\">Linket virker én gang. Luk siden, hvis du ikke selv har bedt om det.</p>").Page("Log ind på Makker");
        });

        app.MapPost("/dashboard/login", async ([FromForm] string? token, DashboardLogins logins, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var result = await logins.RedeemAsync(token, clock.GetUtcNow(), ct);
            if (result.PersonId is not { } personId)
            {
                return Refused(result.Refusal ?? LoginRefusal.Unknown);
            }
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardAccess.Principal(personId, result.SessionStamp));
            return Results.Redirect("/dashboard");
        });

        // Out at once: the cookie goes (a POST with the page's token, so no other site can log someone out).
        app.MapPost("/dashboard/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return new Html().Raw("<p>Du er logget ud. Skriv /dashboard til botten, når du vil ind igen.</p>").Page("Logget ud");
        });

        var pages = app.MapGroup("/dashboard").RequireAuthorization();
        pages.MapGet("", async (HttpContext http, IDbContextFactory<MakkerDb> dbs, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var me = DashboardAccess.PersonOf(http);
            var communities = await db.Communities.Where(c => db.CommunityMembers.Any(m => m.CommunityId == c.Id && m.PersonId == me && m.IsCoordinator))
                .OrderBy(c => c.Name).ToListAsync(ct);
            var html = new Html().Raw("<ul>");
            foreach (var c in communities)
            {
                html.Raw($"<li><a href=\"/dashboard/c/{c.Id}\">{Html.E(c.Name)}</a></li>");
            }
            var form = DashboardAccess.FormToken(antiforgery, http);
            return html.Raw("</ul><details><summary>Nyt fællesskab</summary><form method=\"post\" action=\"/dashboard/communities\">"
                + form
                + "<label>Navn <input name=\"name\" maxlength=\"120\" required></label> <button type=\"submit\">Opret fællesskab</button></form></details>")
                .Raw(DashboardAccess.LogoutForm(form))
                .Page("Oversigt");
        });

        // Only coordinators get into the dashboard, and a coordinator may start another community (as in the chat).
        pages.MapPost("/communities", async ([FromForm] string name, HttpContext http, IDbContextFactory<MakkerDb> dbs, IOptions<BotOptions> bot,
            TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var me = DashboardAccess.PersonOf(http);
            name = name.Trim();
            if (!await db.CommunityMembers.AnyAsync(m => m.PersonId == me && m.IsCoordinator, ct))
            {
                return DashboardAccess.Forbidden();
            }
            if (name.Length is 0 or > 120)
            {
                return new Html().Raw("<p>Navnet skal være 1-120 tegn. Gå tilbage og prøv igen; intet er oprettet.</p>").Page("Ikke oprettet", StatusCodes.Status400BadRequest);
            }
            var now = clock.GetUtcNow();
            var community = new Community { Name = name, TimeZone = bot.Value.DefaultTimeZone, CreatedAt = now };
            db.Communities.Add(community);
            await db.SaveChangesAsync(ct);
            db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = me, IsCoordinator = true, JoinedAt = now });
            Audit.Add(db, me, community.Id, "community.create", community.Name, now);
            await db.SaveChangesAsync(ct);
            return Results.Redirect($"/dashboard/c/{community.Id}");
        });

        pages.MapPost("/c/{id:long}", async (long id, [FromForm] string name, HttpContext http, IDbContextFactory<MakkerDb> dbs, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            name = name.Trim();
            if (name.Length is 0 or > 120)
            {
                return new Html().Raw("<p>Navnet skal være 1-120 tegn. Gå tilbage og prøv igen; intet er ændret.</p>").Page("Ikke gemt", StatusCodes.Status400BadRequest);
            }
            if (community.Name != name)
            {
                Audit.Add(db, DashboardAccess.PersonOf(http), id, "community.edit", $"navn: {community.Name} → {name}", clock.GetUtcNow());
                community.Name = name;
                await db.SaveChangesAsync(ct);
            }
            return Results.Redirect($"/dashboard/c/{id}");
        });

        pages.MapGet("/c/{id:long}", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, ActivityDirectory directory,
            EvaluationNumbers numbers, IAntiforgery antiforgery, DialogCatalog catalog, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var now = clock.GetUtcNow();
            var form = DashboardAccess.FormToken(antiforgery, http);
            var html = new Html().Raw(DashboardAccess.Nav(id, http));
            html.Raw($"<details><summary>Ret navnet</summary><form method=\"post\" action=\"/dashboard/c/{id}\">"
                + form
                + $"<label>Navn <input name=\"name\" value=\"{Html.E(community.Name)}\" maxlength=\"120\" required></label> <button type=\"submit\">Gem navnet</button></form></details>");
            html.Raw("<h2>Aktiviteter</h2><table><tr><th>Navn</th><th>Sted</th><th>Invitation</th><th>Ret</th></tr>");
            var activities = await db.Activities.Where(a => a.CommunityId == id).OrderBy(a => a.Name).ToListAsync(ct);
            foreach (var a in activities)
            {
                html.Raw($"<tr><td>{Html.E(a.Name)}</td><td>{Html.E(a.Place)}</td><td>{Html.E(a.InviteCode)}</td><td>"
                    + $"<form method=\"post\" action=\"/dashboard/c/{id}/activities/{a.Id}\">"
                    + form
                    + $"<label>Navn <input name=\"name\" value=\"{Html.E(a.Name)}\" maxlength=\"120\" required></label> "
                    + $"<label>Sted <input name=\"place\" value=\"{Html.E(a.Place)}\" maxlength=\"200\"></label> "
                    + $"<fieldset><legend>Hver</legend>{DayBoxes(a.Days)}</fieldset>"
                    + $"<label>Kl. <input name=\"time\" value=\"{(a.StartsAt is { } t ? ActivityMoments.Time(DateTime.Today.Add(t.ToTimeSpan())) : "")}\" pattern=\"[0-2][0-9]:[0-5][0-9]\" required></label> "
                    + $"<label>Minutter <input name=\"minutes\" type=\"number\" min=\"15\" max=\"720\" value=\"{a.DurationMinutes}\" required></label> "
                    + "<button type=\"submit\">Gem</button></form><p class=\"note\">Nye dage og tider gælder fra de gange, der endnu ikke er sendt påmindelser om.</p></td></tr>");
            }
            html.Raw($"</table><details><summary>Ny aktivitet</summary><form method=\"post\" action=\"/dashboard/c/{id}/activities\">"
                + form
                + "<p><label>Navn <input name=\"name\" maxlength=\"120\" required></label></p>"
                + "<p><label>Sted <input name=\"place\" maxlength=\"200\"></label></p>"
                + "<p><label>Ugedag <select name=\"day\">" + WeekdayOptions() + "</select></label> "
                + "<label>Kl. <input name=\"time\" pattern=\"[0-2][0-9]:[0-5][0-9]\" placeholder=\"17:30\" required></label> "
                + "<label>Varighed (minutter) <input name=\"minutes\" type=\"number\" min=\"15\" max=\"720\" value=\"120\" required></label></p>"
                + "<p><button type=\"submit\">Opret aktivitet</button></p></form></details>");
            html.Raw("<h2>De næste gange</h2><table><tr><th>Hvornår</th><th>Aktivitet</th><th>Kommer</th><th>Ikke i dag</th><th>Vagter</th></tr>");
            var ids = activities.Select(a => a.Id).ToList();
            var upcoming = await db.Occurrences.Where(o => ids.Contains(o.ActivityId) && o.StartsAt > now && o.StartsAt < now.AddDays(14))
                .OrderBy(o => o.StartsAt).ThenBy(o => o.Id).ToListAsync(ct);
            foreach (var o in upcoming)
            {
                var place = await directory.FindAsync(db, o.ActivityId, ct);
                var coming = await db.Rsvps.CountAsync(r => r.OccurrenceId == o.Id && r.Answer == RsvpAnswer.Coming, ct);
                var notToday = await db.Rsvps.CountAsync(r => r.OccurrenceId == o.Id && r.Answer == RsvpAnswer.NotToday, ct);
                var shifts = await db.Shifts.Where(s => s.OccurrenceId == o.Id).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
                var coverage = string.Join(", ", shifts.Select(s => $"{s.Role} {s.Taken}/{s.Needed}"));
                var local = LocalTimes.ToLocal(o.StartsAt, place!.Zone);
                var when = $"{local.ToString("ddd d. MMM", CultureInfo.GetCultureInfo("da-DK"))} kl. {ActivityMoments.Time(local)}";
                html.Raw($"<tr><td>{Html.E(when)}{(o.CancelledAt is null ? "" : " (aflyst)")}</td><td>{Html.E(place.Activity.Name)}</td>"
                    + $"<td>{coming}</td><td>{notToday}</td><td>{Html.E(coverage)}</td></tr>");
            }
            html.Raw("</table><h2>Tal</h2><p class=\"note\">Tal under 5 vises som &lt;5, så ingen kan genkendes.</p>");
            foreach (var a in activities)
            {
                if (await directory.FindAsync(db, a.Id, ct) is { } place)
                {
                    html.Raw(await Charts.ComingPerWeekAsync(db, numbers, place, now, ct));
                    html.Raw(await Charts.AnsweredPerWeekAsync(db, numbers, place, now, ct));
                    html.Raw(await AnswersTableAsync(db, numbers, place, now, catalog, ct));
                }
            }
            html.Raw($"<p><a href=\"/dashboard/c/{id}/numbers.csv\">Hent alle tal som CSV</a></p>");
            return html.Page(community.Name);
        });

        pages.MapPost("/c/{id:long}/activities", async (long id, [FromForm] string name, [FromForm] string? place, [FromForm] int day,
            [FromForm] string time, [FromForm] int minutes, HttpContext http, IDbContextFactory<MakkerDb> dbs, OccurrencePlanner planner,
            TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is null)
            {
                return DashboardAccess.Forbidden();
            }
            if (day is < -1 or > 6 || ActivityFields.Read(name, place, time, minutes) is not { } fields)
            {
                return new Html().Raw("<p>Aktiviteten skal have et navn (højst 120 tegn), et klokkeslæt som 17:30 og en varighed på 15-720 minutter. "
                    + "Gå tilbage og prøv igen; intet er oprettet.</p>").Page("Ikke oprettet", StatusCodes.Status400BadRequest);
            }
            (name, place, var startsAt) = (fields.Name, fields.Place, fields.StartsAt);
            var now = clock.GetUtcNow();
            var activity = new Activity
            {
                CommunityId = id,
                Name = name,
                Place = place,
                Days = day < 0 ? WeekDays.None : (WeekDays)(1 << day),
                StartsAt = startsAt,
                DurationMinutes = minutes,
                InviteCode = Invites.NewCode(),
                CreatedAt = now,
            };
            db.Activities.Add(activity);
            await db.SaveChangesAsync(ct);
            Audit.Add(db, DashboardAccess.PersonOf(http), id, "activity.create", $"{activity.Id}: {activity.Name}", now);
            await db.SaveChangesAsync(ct);
            await planner.PlanActivityAsync(db, activity.Id, now, ct);
            return Results.Redirect($"/dashboard/c/{id}");
        });

        pages.MapPost("/c/{id:long}/activities/{activityId:long}", async (long id, long activityId, [FromForm] string name, [FromForm] string? place,
            [FromForm] string time, [FromForm] int minutes, HttpContext http, IDbContextFactory<MakkerDb> dbs, OccurrencePlanner planner,
            TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is null
                || await db.Activities.FirstOrDefaultAsync(a => a.Id == activityId && a.CommunityId == id, ct) is not { } activity)
            {
                return DashboardAccess.Forbidden();
            }
            var days = ParseDays(http.Request.Form["days"]);
            if (days is null || ActivityFields.Read(name, place, time, minutes) is not { } fields)
            {
                return new Html().Raw("<p>Navnet skal være 1-120 tegn, stedet højst 200, klokkeslættet som 17:30 og varigheden 15-720 minutter. "
                    + "Gå tilbage og prøv igen; intet er ændret.</p>").Page("Ikke gemt", StatusCodes.Status400BadRequest);
            }
            (name, place, var startsAt) = (fields.Name, fields.Place, fields.StartsAt);
            var changes = new List<string>();
            if (activity.Name != name)
            {
                changes.Add($"navn: {activity.Name} → {name}");
            }
            if (activity.Place != place)
            {
                changes.Add($"sted: {activity.Place} → {place}");
            }
            var scheduleChanged = activity.Days != days || activity.StartsAt != startsAt || activity.DurationMinutes != minutes;
            if (scheduleChanged)
            {
                changes.Add($"tid: {activity.Days} {activity.StartsAt:HH\\:mm} {activity.DurationMinutes} min → {days} {startsAt:HH\\:mm} {minutes} min");
            }
            (activity.Name, activity.Place, activity.Days, activity.StartsAt, activity.DurationMinutes) = (name, place, days.Value, startsAt, minutes);
            var now = clock.GetUtcNow();
            if (changes.Count > 0)
            {
                Audit.Add(db, DashboardAccess.PersonOf(http), id, "activity.edit", $"{activityId}: {string.Join("; ", changes)}", now);
            }
            await db.SaveChangesAsync(ct);
            if (scheduleChanged)
            {
                await planner.ReplanActivityAsync(db, activity.Id, now, ct);
            }
            return Results.Redirect($"/dashboard/c/{id}");
        });

        BroadcastPages.Map(pages);
        RolePages.Map(pages);

        pages.MapGet("/c/{id:long}/numbers.csv", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, ActivityDirectory directory,
            EvaluationNumbers numbers, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is null)
            {
                return DashboardAccess.Forbidden();
            }
            var places = new List<ActivityPlace>();
            foreach (var activityId in await db.Activities.Where(a => a.CommunityId == id).OrderBy(a => a.Name).Select(a => a.Id).ToListAsync(ct))
            {
                places.Add((await directory.FindAsync(db, activityId, ct))!);
            }
            var csv = await NumbersCsv.BuildAsync(db, numbers, places, clock.GetUtcNow(), ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "makker-numbers.csv");
        });

        pages.MapGet("/c/{id:long}/audit", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var entries = await (from a in db.AuditLog
                                 join p in db.People on a.PersonId equals p.Id into who
                                 from p in who.DefaultIfEmpty()
                                 where a.CommunityId == id
                                 orderby a.At descending, a.Id descending
                                 select new { a.At, a.Action, a.Detail, Name = p == null ? null : p.FirstName }).Take(200).ToListAsync(ct);
            var html = new Html().Raw(DashboardAccess.Nav(id, http)).Raw("<table><tr><th>Hvornår (UTC)</th><th>Hvem</th><th>Hvad</th></tr>");
            foreach (var e in entries)
            {
                html.Raw($"<tr><td>{Html.E(e.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td><td>{Html.E(e.Name ?? "(glemt)")}</td>"
                    + $"<td>{Html.E(e.Action)} {Html.E(e.Detail)}</td></tr>");
            }
            return html.Raw("</table>").Page($"Ændringer i {community.Name}");
        });
        return app;
    }

    private static readonly int[] MondayFirst = [1, 2, 3, 4, 5, 6, 0];

    private static string DayBoxes(WeekDays days)
    {
        var danish = CultureInfo.GetCultureInfo("da-DK").DateTimeFormat;
        return string.Concat(MondayFirst.Select(d => $"<label><input type=\"checkbox\" name=\"days\" value=\"{d}\"{(days.HasFlag((WeekDays)(1 << d)) ? " checked" : "")}> "
            + $"{Html.E(danish.GetAbbreviatedDayName((DayOfWeek)d))}</label> "));
    }

    /// <summary>The ticked days (.NET day numbers, Sunday = 0); none ticked is an activity with one-off dates only.</summary>
    private static WeekDays? ParseDays(Microsoft.Extensions.Primitives.StringValues values)
    {
        var days = WeekDays.None;
        foreach (var value in values)
        {
            if (!int.TryParse(value, CultureInfo.InvariantCulture, out var d) || d is < 0 or > 6)
            {
                return null;
            }
            days |= (WeekDays)(1 << d);
        }
        return days;
    }

    private static string WeekdayOptions()
    {
        var danish = CultureInfo.GetCultureInfo("da-DK").DateTimeFormat;
        // Monday first, as a Danish calendar; the value is .NET's day number (Sunday = 0).
        var days = MondayFirst.Select(d => $"<option value=\"{d}\">{Html.E(danish.GetDayName((DayOfWeek)d))}</option>");
        return string.Concat(days) + "<option value=\"-1\">Ingen fast dag</option>";
    }

    /// <summary>Last month's check-in answers per question, every count under 5 shown as "&lt;5".</summary>
    private static async Task<string> AnswersTableAsync(MakkerDb db, EvaluationNumbers numbers, ActivityPlace place, DateTimeOffset now, DialogCatalog catalog, CancellationToken ct)
    {
        var month = Period.Containing(PeriodKind.Month, LocalTimes.LocalDate(now, place.Zone)).Previous;
        var figures = await numbers.FiguresAsync(db, place, month, now, ct);
        if (figures.Questions.Count == 0)
        {
            return "";
        }
        var html = new System.Text.StringBuilder($"<table data-answers=\"{month.Label}\"><tr><th>Check-in {Html.E(month.Label)}</th><th>Svar</th></tr>");
        foreach (var q in figures.Questions)
        {
            var answers = q.Answers.OrderByDescending(a => a.Value).Select(a =>
                $"{Html.E(CheckInQuestions.AnswerLabel(catalog, q.Variant, q.QuestionId, a.Key, Languages.Danish))} {Html.E(Figures.Shown(a.Value))}");
            html.Append($"<tr><td>{Html.E(CheckInQuestions.QuestionText(catalog, q.Variant, q.QuestionId, Languages.Danish))}</td><td>{string.Join(", ", answers)}</td></tr>");
        }
        return html.Append("</table>").ToString();
    }
}

/// <summary>Who is logged in, and whether they coordinate the community a page is about; checked on every request.</summary>
public static class DashboardAccess
{
    public const string PersonClaim = "makker:person";

    public const string StampClaim = "makker:stamp";

    public static string Nav(long id, HttpContext http) =>
        $"<nav><a href=\"/dashboard\">Fællesskaber</a><a href=\"/dashboard/c/{id}\">Oversigt</a><a href=\"/dashboard/c/{id}/broadcasts\">Send en besked</a><a href=\"/dashboard/c/{id}/roles\">Roller</a><a href=\"/dashboard/c/{id}/audit\">Ændringer</a>"
        + LogoutForm(FormToken(http.RequestServices.GetRequiredService<IAntiforgery>(), http)) + "</nav>";

    public static string LogoutForm(string formToken) =>
        $"<form class=\"logout\" method=\"post\" action=\"/dashboard/logout\">{formToken}<button type=\"submit\">Log ud</button></form>";

    /// <summary>A session: the person, and their session stamp when it began (raised when they lose the coordinator role).</summary>
    public static ClaimsPrincipal Principal(long personId, int stamp) =>
        new(new ClaimsIdentity([
            new Claim(PersonClaim, personId.ToString(CultureInfo.InvariantCulture)),
            new Claim(StampClaim, stamp.ToString(CultureInfo.InvariantCulture)),
        ], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// On every request with a session cookie: the person must still be there with the stamp the session began with.
    /// Losing the coordinator role raises the stamp (and /forget removes the person), so the session ends at once.
    /// </summary>
    public static async Task CheckSessionStampAsync(CookieValidatePrincipalContext context)
    {
        var claims = context.Principal;
        if (long.TryParse(claims?.FindFirstValue(PersonClaim), CultureInfo.InvariantCulture, out var personId)
            && int.TryParse(claims?.FindFirstValue(StampClaim), CultureInfo.InvariantCulture, out var stamp))
        {
            var dbs = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<MakkerDb>>();
            await using var db = await dbs.CreateDbContextAsync(context.HttpContext.RequestAborted);
            var current = await db.People.Where(p => p.Id == personId).Select(p => (int?)p.SessionStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (current == stamp)
            {
                return;
            }
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The hidden anti-forgery field every form carries.</summary>
    public static string FormToken(IAntiforgery antiforgery, HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }

    public static long PersonOf(HttpContext http) =>
        long.Parse(http.User.FindFirstValue(PersonClaim) ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The community, if the logged-in person coordinates it; checked on every request.</summary>
    public static async Task<Community?> CommunityOfAsync(MakkerDb db, HttpContext http, long id, CancellationToken ct)
    {
        var me = PersonOf(http);
        return await db.CommunityMembers.AnyAsync(m => m.CommunityId == id && m.PersonId == me && m.IsCoordinator, ct)
            ? await db.Communities.FindAsync([id], ct)
            : null;
    }

    public static IResult Forbidden() =>
        new Html().Raw("<p>Den side hører til et fællesskab, du ikke er koordinator for.</p>").Page("Ingen adgang", StatusCodes.Status403Forbidden);
}

/// <summary>The fields an activity form posts, checked the same way for creating and for editing.</summary>
internal sealed record ActivityFields(string Name, string? Place, TimeOnly StartsAt, int Minutes)
{
    /// <summary>The fields, trimmed, or null when one is empty, too long, not a time like 17:30, or an odd length of time.</summary>
    public static ActivityFields? Read(string name, string? place, string? time, int minutes)
    {
        name = name.Trim();
        place = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        return name.Length is 0 or > 120 || place?.Length > 200 || minutes is < 15 or > 720
            || !TimeOnly.TryParseExact(time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startsAt)
            ? null
            : new ActivityFields(name, place, startsAt, minutes);
    }
}
