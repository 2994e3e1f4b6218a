using System.Net;
using System.Text.RegularExpressions;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Host.Dashboard;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>
/// Dashboard sessions over real HTTP: a login link opened with GET only shows a button and the POST uses it; the link's
/// token is gone from the database once delivered; logout is a POST; losing the coordinator role ends the session at
/// the next request; every dashboard response carries the browser's safety headers; behind the trusted proxy the cookies
/// are Secure and HSTS is sent; on PostgreSQL two hosts share one login.
/// </summary>
public sealed class DashboardSessionTests
{
    private static async Task<DashboardLogin> LoginRowAsync(TelegramTestBed bed)
    {
        await using var db = bed.Db();
        return await db.DashboardLogins.SingleAsync();
    }

    [Fact]
    public async Task A_login_link_opened_with_GET_only_shows_a_button_the_POST_uses_it_and_the_token_is_not_kept_after_sending()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        await bed.CoordinatorOfNewCommunityAsync(jonas);

        var link = await DashboardClient.LinkAsync(bed, jonas);
        var token = DashboardClient.LinkPattern().Match(link).Groups[1].Value;
        Assert.True(bed.Telegram.SentMessages.Last(m => m.ChatId == jonas.Id).LinkPreviewDisabled);
        // Delivered: the outbox keeps the marker, and the token is nowhere in the database's texts.
        var marker = bed.Host.Services.GetRequiredService<DialogCatalog>().Text(DashboardTexts.LinkSent, Languages.Danish);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return await db.Outbox.AnyAsync(o => o.Text == marker && o.Status == OutboxStatus.Sent);
        }, "the link's message marked sent");
        await using (var db = bed.Db())
        {
            Assert.Empty(await db.Outbox.Where(o => o.Text.Contains(token) || (o.TextWhenSent != null && o.TextWhenSent.Contains(token))).ToListAsync());
            Assert.DoesNotContain(await db.DashboardLogins.Select(l => l.TokenHash).ToListAsync(), h => h.Contains(token, StringComparison.Ordinal));
        }

        // A link preview or a mail scanner opens it twice: a page with one button, and the link is still unused.
        using var scanner = new DashboardClient(bed.Host.BaseAddress);
        foreach (var _ in new[] { 1, 2 })
        {
            var opened = await scanner.GetAsync(new Uri(link).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            var page = await opened.Content.ReadAsStringAsync();
            Assert.Single(Regex.Matches(page, "<button"));
            Assert.Contains("<form method=\"post\" action=\"/dashboard/login\">", page, StringComparison.Ordinal);
        }
        Assert.Null((await LoginRowAsync(bed)).UsedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scanner.GetAsync("dashboard")).StatusCode);
        // The POST without the page's anti-forgery token (another site's form) uses nothing either.
        Assert.Equal(HttpStatusCode.BadRequest, (await scanner.PostAsync("dashboard/login", null, ("token", token))).StatusCode);
        Assert.Null((await LoginRowAsync(bed)).UsedAt);

        // The person presses the button: logged in, with a Secure, HttpOnly, SameSite=Strict cookie.
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(link);
        Assert.NotNull((await LoginRowAsync(bed)).UsedAt);
        var session = Assert.Single(browser.SetCookies, c => c.StartsWith("makker_session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", Assert.Single(browser.SetCookies, c => c.StartsWith("makker_antiforgery=", StringComparison.Ordinal)),
            StringComparison.OrdinalIgnoreCase);

        // Used once: opened again it says so, and pressing an old page's button does not log anyone in.
        using var late = new DashboardClient(bed.Host.BaseAddress);
        var again = await late.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("allerede brugt", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Opens a login link and presses its button; the response after the redirects.</summary>
    private static async Task<HttpResponseMessage> PressLinkAsync(DashboardClient browser, string link)
    {
        var page = await browser.GetStringAsync(new Uri(link).PathAndQuery);
        return await browser.PostAsync("dashboard/login", page, ("token", DashboardClient.HiddenFields(page).Single(f => f.Name == "token").Value));
    }

    [Fact]
    public async Task A_page_asked_for_before_logging_in_is_where_the_login_link_lands_once_and_an_outside_address_is_never_followed()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(jonas);
        var report = DashboardUrls.Report(community.Id);

        // The report link from the bot, not logged in: the 401 page says how to get a link, and the page is remembered.
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        var refused = await browser.GetAsync(report);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("/dashboard", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var kept = Assert.Single(browser.SetCookies, c => c.StartsWith(DashboardReturn.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; httponly", kept, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", kept, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", kept, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=1800", kept, StringComparison.OrdinalIgnoreCase);

        // The login link brings them to the report, and only once: the cookie is cleared.
        var landed = await PressLinkAsync(browser, await DashboardClient.LinkAsync(bed, jonas));
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(report, landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.False(browser.Cookies.ContainsKey(DashboardReturn.CookieName));

        // A second login (no page asked for) lands on the overview.
        using var again = new DashboardClient(bed.Host.BaseAddress);
        await again.LogInAsync(await DashboardClient.LinkAsync(bed, jonas));

        // A cookie pointing elsewhere (set by hand, or by another site) is ignored: the overview, never the other address.
        foreach (var outside in new[] { "https://evil.example/dashboard/", "//evil.example/dashboard", "/dashboard/..\\evil", "/somewhere/else", "/dashboard//evil.example" })
        {
            using var other = new DashboardClient(bed.Host.BaseAddress);
            other.Cookies[DashboardReturn.CookieName] = Uri.EscapeDataString(outside);
            var response = await PressLinkAsync(other, await DashboardClient.LinkAsync(bed, jonas));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(DashboardUrls.Home, response.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("<h1>Oversigt</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A POST that is refused is not remembered: only a page someone opened.
        using var poster = new DashboardClient(bed.Host.BaseAddress);
        await poster.PostAsync(DashboardUrls.Roles(community.Id));
        Assert.DoesNotContain(poster.SetCookies, c => c.StartsWith(DashboardReturn.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_is_a_POST_with_the_pages_token_and_ends_the_session()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        await bed.CoordinatorOfNewCommunityAsync(jonas);
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, jonas));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await browser.GetAsync("dashboard/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("dashboard/logout")).StatusCode);
        var overview = await (await browser.GetAsync("dashboard")).Content.ReadAsStringAsync();
        Assert.Contains("action=\"/dashboard/logout\"", overview, StringComparison.Ordinal);

        var loggedOut = await browser.PostAsync("dashboard/logout", overview);

        Assert.Equal(HttpStatusCode.OK, loggedOut.StatusCode);
        Assert.Contains("Du er logget ud", await loggedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("makker_session", browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_coordinator_whose_role_is_taken_away_with_roles_is_out_at_the_next_dashboard_request()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var kim = bed.Telegram.AddUser("Kim", "da");
        var lis = bed.Telegram.AddUser("Lis", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(kim);
        var lisId = await bed.ConsentedMemberAsync(lis, community, coordinator: true);
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, lis));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"dashboard/c/{community.Id}")).StatusCode);

        var catalog = bed.Host.Services.GetRequiredService<DialogCatalog>();
        await kim.SendTextAsync("/roles");
        await bed.AdvanceUntilAsync(() => kim.LastBotMessage?.Text == catalog.Text(CoordinationTexts.RolesChoosePerson, Languages.Danish));
        await kim.PressAsync("Lis: koordinator i Fællesskabet");
        await bed.AdvanceUntilAsync(() => kim.Messages.Any(m => m.FromBot && m.Buttons.Any(b => b.Text == "Tag rollen: koordinator i Fællesskabet")));
        await kim.PressAsync("Tag rollen: koordinator i Fællesskabet");
        var yes = catalog.Text(CoordinationTexts.ButtonTakeAwayYes, Languages.Danish);
        await bed.AdvanceUntilAsync(() => kim.Messages.Any(m => m.FromBot && m.Buttons.Any(b => b.Text == yes)));
        await kim.PressAsync(yes);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return !await db.CommunityMembers.AnyAsync(m => m.PersonId == lisId && m.IsCoordinator);
        }, "Lis's coordinator role gone");

        var next = await browser.GetAsync("dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        Assert.Contains("Du er ikke logget ind", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("makker_session", browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"dashboard/c/{community.Id}")).StatusCode);
    }

    private static readonly string[] SafetyHeaders = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"];

    private static void AssertSafetyHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
        Assert.True(SafetyHeaders.All(h => response.Headers.Contains(h) || response.Content.Headers.Contains(h)), $"{what} lacks a safety header");
        Assert.Equal(DashboardCsp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"{what} may be cached");
    }

    private const string DashboardCsp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

    [Fact]
    public async Task Every_dashboard_response_carries_the_safety_headers_and_its_pages_need_no_inline_style()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(jonas);
        var link = await DashboardClient.LinkAsync(bed, jonas);
        using var browser = new DashboardClient(bed.Host.BaseAddress);

        var responses = new List<HttpResponseMessage>
        {
            await browser.GetAsync("dashboard"), // 401: not logged in
            await browser.GetAsync("dashboard/login?token=nonsense"), // 403
            await browser.GetAsync(new Uri(link).PathAndQuery), // the button
            await browser.PostAsync("dashboard/login", null, ("token", "nonsense")), // 400: no anti-forgery token
        };
        await browser.LogInAsync(link);
        responses.Add(await browser.GetAsync("dashboard"));
        responses.Add(await browser.GetAsync($"dashboard/c/{community.Id}"));
        responses.Add(await browser.GetAsync($"dashboard/c/{community.Id}/broadcasts"));
        responses.Add(await browser.GetAsync($"dashboard/c/{community.Id}/roles"));
        responses.Add(await browser.GetAsync($"dashboard/c/{community.Id}/audit"));
        responses.Add(await browser.GetAsync($"dashboard/c/{community.Id}/numbers.csv"));
        responses.Add(await browser.GetAsync("dashboard/c/999")); // 403

        Assert.Equal([401, 403, 200, 400, 200, 200, 200, 200, 200, 200, 403], responses.Select(r => (int)r.StatusCode));
        foreach (var response in responses)
        {
            AssertSafetyHeaders(response);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                // The policy allows styles from the stylesheet only: a page with inline style would look broken.
                var page = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("style=", page, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("<link rel=\"stylesheet\" href=\"/static/dashboard.css\">", page, StringComparison.Ordinal);
                Assert.Contains("<link rel=\"stylesheet\" href=\"/lib/dkfds/css/dkfds.min.css\">", page, StringComparison.Ordinal);
            }
        }
        var css = await browser.GetAsync("static/dashboard.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".preview { white-space: pre-wrap; }", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The vendored design system comes from this host too, whether or not the web chat is on.
        var design = await browser.GetAsync("lib/dkfds/css/dkfds.min.css");
        Assert.Equal(HttpStatusCode.OK, design.StatusCode);
        Assert.Equal("text/css", design.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_https_brings_HSTS_and_an_untrusted_one_is_not_believed()
    {
        await using (var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook))
        {
            using var http = bed.Host.Client();
            Assert.Equal("max-age=31536000", Hsts(await http.SendAsync(Public("https"))));
            Assert.Null(Hsts(await http.SendAsync(Public(null))));
        }
        // Only the listed network is believed now; this machine's loopback is not in it.
        await using (var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook,
            new Dictionary<string, string> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" }))
        {
            using var http = bed.Host.Client();
            Assert.Null(Hsts(await http.SendAsync(Public("https"))));
        }

        static HttpRequestMessage Public(string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "dashboard");
            // HSTS is never sent for localhost; a proxy passes on the public name.
            request.Headers.Host = "makker.example.org";
            if (proto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", proto);
            }
            return request;
        }

        static string? Hsts(HttpResponseMessage response) =>
            response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null;
    }

    [SkippableFact]
    public async Task On_PostgreSQL_a_login_on_one_host_is_accepted_by_another_with_its_own_data_folder()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        Dictionary<string, string> Settings() => new()
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:ConnectionString"] = database,
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("makker-dp-").FullName,
            ["Scheduler:Enabled"] = "false",
        };
        try
        {
            var clock = RunningHost.NewClock();
            var (first, second) = (Settings(), Settings());
            await using var one = await RunningHost.StartAsync(first, clock);
            await one.WebChatConsentAsync("demo-jonas", "Jonas");
            using var chat = one.Client();
            (await chat.PostAsJsonAsync("api/webchat/demo-jonas/messages", new { text = "/dashboard", firstName = "Jonas", language = "da" })).EnsureSuccessStatusCode();
            var link = DashboardClient.LinkPattern().Match(await chat.GetStringAsync("api/webchat/demo-jonas/messages")).Value;
            using var onOne = new DashboardClient(one.BaseAddress);
            await onOne.LogInAsync(link);
            var page = await (await onOne.GetAsync("dashboard")).Content.ReadAsStringAsync();

            await using var two = await RunningHost.StartAsync(second, clock);
            using var onTwo = new DashboardClient(two.BaseAddress);
            foreach (var (name, value) in onOne.Cookies)
            {
                onTwo.Cookies[name] = value;
            }
            var there = await onTwo.GetAsync("dashboard");
            Assert.Equal(HttpStatusCode.OK, there.StatusCode);
            Assert.Contains("Fællesskabet på Nørrebro", WebUtility.HtmlDecode(await there.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            // A form from the first host's page is good on the second: the anti-forgery keys are shared too.
            Assert.Equal(HttpStatusCode.OK, (await onTwo.PostAsync("dashboard/logout", page)).StatusCode);
            await using var db = two.Db();
            Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
            Assert.False(Directory.Exists(Path.Combine(second["Storage:DataDirectory"], "keys")) && Directory.EnumerateFiles(Path.Combine(second["Storage:DataDirectory"], "keys")).Any());
        }
        finally
        {
            await TestPostgres.ReturnAsync(database);
        }
    }
}
