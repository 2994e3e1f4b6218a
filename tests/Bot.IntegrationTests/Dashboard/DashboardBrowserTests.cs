using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>The dashboard in real headless Chromium, logged in through a link the bot sent to the fake Telegram server.</summary>
public sealed class DashboardBrowserTests
{
    private sealed record World(TelegramTestBed Bed, FakeUser Jonas, FakeUser Ole, long JonasCommunity, long OleCommunity);

    private static async Task<World> StartAsync()
    {
        var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var ole = bed.Telegram.AddUser("Ole", "da");
        foreach (var user in new[] { jonas, ole })
        {
            await bed.ConsentAsync(user);
        }
        await using var db = bed.Db();
        long CommunityFor(string coordinator, string name, string activity)
        {
            var community = new Community { Name = name, CreatedAt = bed.Clock.GetUtcNow() };
            db.Communities.Add(community);
            db.SaveChanges();
            db.Activities.Add(new Activity { CommunityId = community.Id, Name = activity, Place = "Fælleshuset", InviteCode = activity.ToLowerInvariant(), Days = WeekDays.Thursday, StartsAt = new TimeOnly(17, 30), CreatedAt = bed.Clock.GetUtcNow() });
            var person = db.People.Single(p => p.FirstName == coordinator);
            db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = person.Id, IsCoordinator = true, JoinedAt = bed.Clock.GetUtcNow() });
            db.SaveChanges();
            return community.Id;
        }
        return new World(bed, jonas, ole, CommunityFor("Jonas", "Fællesskabet", "Torsdagsmiddag"), CommunityFor("Ole", "Andet sted", "Havedag"));
    }

    private static Task<string> LinkAsync(World w, FakeUser user) => DashboardClient.LinkAsync(w.Bed, user);

    /// <summary>A browser as behind the https proxy on this machine: the dashboard's cookies are Secure outside Development.</summary>
    private static Task<IBrowserContext> BehindProxyAsync(HeadlessChromium browser) =>
        browser.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" } });

    /// <summary>Opens the link (a page with one button, nothing used yet) and presses the button.</summary>
    private static async Task LogInAsync(IPage page, string link)
    {
        await page.GotoAsync(link);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Log ind på Makker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
    }

    [SkippableFact]
    public async Task A_coordinator_logs_in_by_link_sees_the_community_edits_an_activity_and_the_change_is_audited()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var w = await StartAsync();
        await using var bed = w.Bed;
        var link = await LinkAsync(w, w.Jonas);
        await using var context = await BehindProxyAsync(browser);
        var page = await context.NewPageAsync();

        await LogInAsync(page, link);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Oversigt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fællesskabet" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Fællesskabet");
        await Expect(page.Locator("table").First).ToContainTextAsync("Torsdagsmiddag");
        await Expect(page.Locator("svg.chart[data-chart=coming]")).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.chart[data-chart=answered]")).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.chart[data-chart=coming] g").First).ToHaveAttributeAsync("data-value", "<5"); // nobody came yet
        Assert.DoesNotContain("Havedag", await page.ContentAsync());

        // Readable on a phone: nothing sticks out sideways at a phone's width.
        await page.SetViewportSizeAsync(390, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the community page scrolls sideways at 390 px");
        await page.SetViewportSizeAsync(1280, 800);

        var session = (await context.CookiesAsync()).Single(c => c.Name == "makker_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GetByText("Ret Torsdagsmiddag").ClickAsync();
        await page.Locator("form[action*='/activities/'] input[name=name]").FillAsync("Torsdagsspisning");
        await page.Locator("form[action*='/activities/'] input[name=time]").FillAsync("18:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
        await Expect(page.Locator("table").Nth(1)).ToContainTextAsync("tors. 26. nov. kl. 18:00");
        await Expect(page.Locator("table").First).ToContainTextAsync("Torsdagsspisning");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ændringer" }).ClickAsync();
        await Expect(page.Locator("table")).ToContainTextAsync("activity.edit");
        await Expect(page.Locator("table")).ToContainTextAsync("Torsdagsmiddag → Torsdagsspisning");
        await Expect(page.Locator("table")).ToContainTextAsync("tid: Thursday 17:30 120 min → Thursday 18:00 120 min");
        await Expect(page.Locator("table")).ToContainTextAsync("Jonas");

        // A new activity from the dashboard: it is listed, planned, and audited.
        await page.GetByRole(AriaRole.Link, new() { Name = "Oversigt" }).ClickAsync();
        await page.GetByText("Ny aktivitet").ClickAsync();
        await page.Locator("form[action$='/activities'] input[name=name]").FillAsync("Havedag");
        await page.Locator("form[action$='/activities'] select[name=day]").SelectOptionAsync("6");
        await page.Locator("form[action$='/activities'] input[name=time]").FillAsync("10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret aktivitet" }).ClickAsync();
        await Expect(page.Locator("table").First).ToContainTextAsync("Havedag");
        await Expect(page.Locator("table").Nth(1)).ToContainTextAsync("lør. 28. nov. kl. 10:00");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ændringer" }).ClickAsync();
        await Expect(page.Locator("table")).ToContainTextAsync("activity.create");

        // A new community from the dashboard: its coordinator is the one who made it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Fællesskaber" }).ClickAsync();
        await page.GetByText("Nyt fællesskab").ClickAsync();
        await page.Locator("form[action$='/communities'] input[name=name]").FillAsync("Reparationscaféen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret fællesskab" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Reparationscaféen");
        await page.GetByText("Ret navnet").ClickAsync();
        await page.Locator("form input[name=name]").First.FillAsync("Reparationscaféen på Nørrebro");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem navnet" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Reparationscaféen på Nørrebro");

        // The same form posted without its anti-forgery token (as another site would) is refused and changes nothing.
        var forged = await context.APIRequest.PostAsync($"{bed.Host.BaseAddress}dashboard/c/{w.JonasCommunity}/activities/1",
            new() { Form = context.APIRequest.CreateFormData().Set("name", "Hacket") });
        Assert.Equal(400, forged.Status);
        await using var db = bed.Db();
        Assert.Equal("Torsdagsspisning", (await db.Activities.SingleAsync(a => a.CommunityId == w.JonasCommunity && a.Id == 1)).Name);
        Assert.Equal(new TimeOnly(10, 0), (await db.Activities.SingleAsync(a => a.Name == "Havedag" && a.CommunityId == w.JonasCommunity)).StartsAt);
        var jonas = await db.People.SingleAsync(p => p.FirstName == "Jonas");
        var created = await db.Communities.SingleAsync(c => c.Name == "Reparationscaféen på Nørrebro");
        Assert.True((await db.CommunityMembers.SingleAsync(m => m.CommunityId == created.Id)).IsCoordinator);
        Assert.Equal(["community.create", "community.edit"], await db.AuditLog.Where(a => a.CommunityId == created.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [SkippableFact]
    public async Task A_coordinator_of_another_community_gets_403_and_a_used_or_expired_link_is_refused()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var w = await StartAsync();
        await using var bed = w.Bed;

        var olesLink = await LinkAsync(w, w.Ole);
        await using (var ole = await BehindProxyAsync(browser))
        {
            var page = await ole.NewPageAsync();
            await LogInAsync(page, olesLink);
            var response = await page.GotoAsync($"{bed.Host.BaseAddress}dashboard/c/{w.JonasCommunity}");
            Assert.Equal(403, response!.Status);
            Assert.DoesNotContain("Torsdagsmiddag", await page.ContentAsync());
            var csv = await ole.APIRequest.GetAsync($"{bed.Host.BaseAddress}dashboard/c/{w.JonasCommunity}/numbers.csv");
            Assert.Equal(403, csv.Status);
            var own = await page.GotoAsync($"{bed.Host.BaseAddress}dashboard/c/{w.OleCommunity}");
            Assert.Equal(200, own!.Status);
        }

        // Ole's link a second time, in a fresh browser: refused.
        await using (var again = await BehindProxyAsync(browser))
        {
            var page = await again.NewPageAsync();
            var response = await page.GotoAsync(olesLink);
            Assert.Equal(403, response!.Status);
            await Expect(page.Locator("p")).ToContainTextAsync("allerede brugt");
            var inside = await page.GotoAsync($"{bed.Host.BaseAddress}dashboard");
            Assert.Equal(401, inside!.Status);
        }

        // A link opened eleven minutes after it was sent: refused.
        var late = await LinkAsync(w, w.Jonas);
        bed.Clock.Advance(TimeSpan.FromMinutes(11));
        await using (var expired = await BehindProxyAsync(browser))
        {
            var page = await expired.NewPageAsync();
            var response = await page.GotoAsync(late);
            Assert.Equal(403, response!.Status);
            await Expect(page.Locator("p")).ToContainTextAsync("udløbet");
        }
    }

    [SkippableFact]
    public async Task A_broadcast_from_the_dashboard_reaches_every_member_at_the_fake_server_with_a_delivery_report()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var w = await StartAsync();
        await using var bed = w.Bed;
        var members = new[] { "Anna", "Bo", "Carl" }.Select(n => bed.Telegram.AddUser(n, "da")).ToList();
        foreach (var user in members)
        {
            await bed.ConsentAsync(user, "/start torsdagsmiddag");
            await bed.AdvanceUntilAsync(() => user.Messages.Any(m => m.FromBot && m.Text.StartsWith("Velkommen til Torsdagsmiddag", StringComparison.Ordinal)));
        }
        var link = await LinkAsync(w, w.Jonas);
        await using var context = await BehindProxyAsync(browser);
        var page = await context.NewPageAsync();
        await LogInAsync(page, link);
        await page.GotoAsync($"{bed.Host.BaseAddress}dashboard/c/{w.JonasCommunity}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Send en besked" }).ClickAsync();

        await page.Locator("textarea[name=text]").FillAsync("Husk: på torsdag spiser vi i haven.");
        await page.Locator("select[name=audience]").SelectOptionAsync(new SelectOptionValue { Label = "Dem, der er med i Torsdagsmiddag" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis, hvordan den ser ud" }).ClickAsync();
        const string expected = "Husk: på torsdag spiser vi i haven.\n\n– Jonas, Fællesskabet";
        await Expect(page.Locator("#preview")).ToHaveTextAsync(expected);
        await Expect(page.Locator("p").First).ToContainTextAsync("de 3, der får den");
        Assert.All(members, m => Assert.DoesNotContain(m.Messages, x => x.Text == expected));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await bed.AdvanceUntilAsync(() => members.All(m => m.Messages.Any(x => x.FromBot && x.Text == expected)));
        Assert.All(members, m => Assert.Single(m.Messages, x => x.FromBot && x.Text == expected));
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-broadcast] td.sent")).ToHaveTextAsync("3");
        await Expect(page.Locator("tr[data-broadcast] td.pending")).ToHaveTextAsync("0");
        await using var db = bed.Db();
        Assert.Contains(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a == "broadcast.send");
    }
}
