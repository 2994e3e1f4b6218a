using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.IntegrationTests.Support;
using Makker.Testing.Evaluation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's pages on the demo community as a newcomer finds it: accessible (axe-core, WCAG 2.1 A and AA) in
/// Danish and English at desktop and phone widths, usable with the keyboard alone, a fixed number of database queries
/// per page however much there is, and a front page in Production. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class DashboardPagesTests
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly (string Name, int Width, int Height)[] Widths = [("desktop", 1280, 900), ("phone", 390, 844)];

    private static string ScreenshotFolder => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    private static async Task<(RunningHost Host, long Community, string Link)> DemoAsync(RequestQueries? queries = null,
        Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null)
    {
        var host = await RunningHost.StartAsync(clock: clock, services: queries is null ? null : queries.AddTo);
        await host.WebChatConsentAsync("demo-jonas", "Jonas");
        long community;
        await using (var db = host.Db())
        {
            community = await db.Communities.Select(c => c.Id).SingleAsync();
            // Someone waiting for an answer, and an announcement sent, so those parts of the pages show too.
            var anna = await db.People.SingleAsync(p => p.ExternalId == "demo-anna");
            db.RoleRequests.Add(new RoleRequest { CommunityId = community, PersonId = anna.Id, Role = RoleNames.Volunteer, RequestedAt = host.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        // The link names the public address; the test's host listens on a port of its own.
        var link = new Uri(await DashboardClient.WebChatLinkAsync(host, "demo-jonas", "Jonas"));
        return (host, community, new Uri(host.BaseAddress, link.PathAndQuery).ToString());
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var problems = results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Target.ToString()).Take(3))}");
        Assert.True(results.Violations.Length == 0, $"{what}: {string.Join("\n", problems)}");
    }

    private static async Task<IBrowserContext> BrowserAsync(HeadlessChromium browser) =>
        await browser.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" } });

    [SkippableFact]
    public async Task Every_page_in_Danish_and_English_has_no_WCAG_2_1_A_or_AA_violations_at_desktop_and_phone_width()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var (host, community, link) = await DemoAsync();
        await using var _ = host;
        await using var context = await BrowserAsync(browser);
        var page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await CheckAsync(page, "login", "da");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Oversigt");

        var pages = new (string Name, string Path)[]
        {
            ("communities", "dashboard"),
            ("community", $"dashboard/c/{community}"),
            ("broadcasts", $"dashboard/c/{community}/broadcasts"),
            ("ideas", $"dashboard/c/{community}/ideas"),
            ("roles", $"dashboard/c/{community}/roles"),
            ("audit", $"dashboard/c/{community}/audit"),
            ("no-access", "dashboard/c/999"),
        };
        foreach (var language in new[] { "da", "en" })
        {
            if (language == "en")
            {
                // The switch on the page: remembered for the next pages.
                await page.GotoAsync($"{host.BaseAddress}dashboard");
                await page.Locator("#page-language").SelectOptionAsync("en");
                await page.GetByRole(AriaRole.Button, new() { Name = "Skift" }).ClickAsync();
                await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
            }
            foreach (var (name, path) in pages)
            {
                await page.GotoAsync($"{host.BaseAddress}{path}");
                await CheckAsync(page, name, language);
            }
            // The preview of an announcement, exactly as it will be sent.
            await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/broadcasts");
            await page.Locator("textarea[name=text]").FillAsync(language == "da" ? "Husk: vi spiser i haven på torsdag." : "Remember: dinner is in the garden on Thursday.");
            await page.Locator("button[type=submit]").Last.ClickAsync();
            await Expect(page.Locator("#preview")).ToContainTextAsync(language == "da" ? "– Jonas, Fællesskabet på Nørrebro" : "Jonas");
            await CheckAsync(page, "broadcast-preview", language);
            // A form with a mistake: the message sits next to the field.
            await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}");
            await page.Locator("details:has(form[action$='/activities']) summary").ClickAsync();
            await page.Locator("form[action$='/activities'] input[name=time]").FillAsync("halv seks");
            await page.Locator("form[action$='/activities'] button[type=submit]").ClickAsync();
            await Expect(page.Locator("form[action$='/activities'] .form-error-message")).ToHaveCountAsync(2); // no name, no time
            await Expect(page.Locator("form[action$='/activities'] input[name=time]")).ToHaveAttributeAsync("aria-invalid", "true");
            await CheckAsync(page, "activity-form-error", language);
            // A small task without a name: the message beside its field.
            await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}");
            await page.Locator("details[id^=tasks-] summary").First.ClickAsync();
            var newTask = page.Locator("form[action*='/tasks/']").First;
            await newTask.Locator("button[type=submit]").ClickAsync();
            await Expect(page.Locator("form[action*='/tasks/'] .form-error-message")).ToHaveCountAsync(1);
            await Expect(page.Locator("form[action*='/tasks/'] input[name=task_name]")).ToHaveAttributeAsync("aria-invalid", "true");
            await CheckAsync(page, "task-form-error", language);
            // Make an activity from an idea: the new-activity form, open and filled in from it.
            await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/ideas");
            await page.Locator("a[href*='?idea=']").First.ClickAsync();
            await Expect(page.Locator("#from-idea")).ToBeVisibleAsync();
            await Expect(page.Locator("#activity-new-name")).Not.ToHaveValueAsync("");
            await CheckAsync(page, "activity-from-idea", language);
        }

        // Day names and dates from the chosen culture; charts with twelve weeks of demo history, labelled as such.
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}");
        await Expect(page.Locator("table").Nth(1)).ToContainTextAsync("Thu 26 Nov at 17:30");
        await Expect(page.Locator(".alert-info")).ToContainTextAsync("made up");
        var bars = page.Locator("svg.chart[data-chart=coming] g");
        await Expect(bars).ToHaveCountAsync(12);
        Assert.Equal("13", await bars.Nth(0).GetAttributeAsync("data-value"));
        Assert.Equal("<5", await bars.Nth(4).GetAttributeAsync("data-value")); // the quiet holiday week: four people
        Assert.Equal("17", await bars.Nth(10).GetAttributeAsync("data-value"));
        Assert.Equal("<5", await bars.Nth(11).GetAttributeAsync("data-value")); // this week, nobody yet
        await Expect(page.Locator("svg.chart[data-chart=coming] rect")).ToHaveCountAsync(10);
        await page.Locator("details.chart-table summary").First.ClickAsync();
        await Expect(page.Locator("details.chart-table table").First).ToContainTextAsync("<5");
        await Expect(page.Locator("table[data-answers]")).ToContainTextAsync("Good");
        // From participant to contributor, month by month: six months, every figure under the <5 rule.
        await Expect(page.Locator("svg.chart[data-chart=helped] g")).ToHaveCountAsync(DashboardQueries.ChartMonths);
        await Expect(page.Locator("svg.chart[data-chart=ideas-proposed] g[data-value='<5']")).ToHaveCountAsync(DashboardQueries.ChartMonths);
        // The demo's tasks and ideas: a shared idea a few would join, one waiting with its two buttons.
        await Expect(page.Locator("form[data-task]")).ToHaveCountAsync(4);
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/ideas");
        await Expect(page.Locator("tr[data-status=Shared] td[data-interest]")).ToHaveTextAsync("a few");
        await Expect(page.Locator("tr[data-status=Waiting] button")).ToHaveCountAsync(2);
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}");
        await page.Locator("#page-language").SelectOptionAsync("da");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(page.Locator("table").Nth(1)).ToContainTextAsync("tors. 26. nov. kl. 17:30");
        await Expect(page.Locator("table[data-answers]")).ToContainTextAsync("Godt");

        // Logged out, in the page's language.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }).ClickAsync();
        await CheckAsync(page, "logged-out", "da");

        // The web chat page speaks the language chosen on it, each message says its own.
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("#someone-new")).ToHaveTextAsync("En ny person");
        await CheckAsync(page, "webchat", "da");
        await page.Locator("#language").SelectOptionAsync("en");
        await Expect(page.Locator("#someone-new")).ToHaveTextAsync("Someone new");
        await CheckAsync(page, "webchat", "en");
    }

    /// <summary>The page in this language has no axe-core violations and no sideways scrolling at each width; a screenshot of each.</summary>
    private static async Task CheckAsync(IPage p, string name, string language)
    {
        await Expect(p.Locator("html")).ToHaveAttributeAsync("lang", language);
        foreach (var (width, w, h) in Widths)
        {
            await p.SetViewportSizeAsync(w, h);
            await AssertAccessibleAsync(p, $"{name} ({language}, {width})");
            Assert.True(await p.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{name} ({language}) scrolls sideways at {w} px");
            await p.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{language}-{width}.png"), FullPage = true });
        }
        await p.SetViewportSizeAsync(1280, 900);
    }

    [SkippableFact]
    public async Task The_quarterly_report_and_its_key_points_in_Danish_and_English_have_no_WCAG_2_1_A_or_AA_violations_print_on_A4_and_download_as_CSV()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var (host, community, link) = await DemoAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TwoQuarters.After));
        await using var _ = host;
        await using (var db = host.Db())
        {
            await TwoQuarters.SeedAsync(db, community, "test");
        }
        await using var context = await BrowserAsync(browser);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Oversigt");

        // The report's own link in the community's menu opens the newest finished quarter.
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}");
        await page.Locator(".community-nav a", new() { HasText = "Rapport" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Fællesskabet på Nørrebro: rapport for 1. kvartal 2027");
        // The figures worked out by hand in QuarterReportTests, this quarter beside the one before.
        await Expect(page.Locator("[data-report=participation] tr[data-figure=people] td").First).ToHaveTextAsync("11");
        await Expect(page.Locator("[data-report=participation] tr[data-figure=people] td").Last).ToHaveTextAsync("10");
        await Expect(page.Locator("[data-report=participation] tr[data-figure=first_timers] td").Last).ToHaveTextAsync("..");
        await Expect(page.Locator("[data-report=flexibility] tr[data-figure=came_again_share] td").First).ToHaveTextAsync("55 %");
        await Expect(page.Locator("[data-question=contribute] tr[data-answer=yes] td").First).ToHaveTextAsync("..");
        await Expect(page.Locator("[data-partner=Kommunen]")).ToContainTextAsync("Vi partnere mødes jævnligt.");
        await CheckReportAsync(page, "report", "da");

        // A partner named on the page, and the coordinator says they belong to it.
        await page.Locator("details:has(#partner-name) summary").ClickAsync();
        await page.Locator("#partner-name").FillAsync("Frivilligcenteret");
        await page.Locator("#partner-kind").SelectOptionAsync("VolunteerCentre");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tilføj partneren" }).ClickAsync();
        await Expect(page.Locator("[data-partner=Frivilligcenteret]")).ToContainTextAsync("ikke givet");
        await page.Locator("details:has(#partner-name) summary").ClickAsync();
        await page.Locator("#my-partner").SelectOptionAsync(new SelectOptionValue { Label = "Frivilligcenteret" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem" }).ClickAsync();
        await using (var db = host.Db())
        {
            Assert.Equal("Frivilligcenteret", await (from pc in db.PartnerCoordinators join p in db.Partners on pc.PartnerId equals p.Id select p.Name).SingleAsync());
        }

        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q1/summary");
        await Expect(page.Locator("[data-report=key] tr[data-figure=shift_coverage] td").First).ToHaveTextAsync("67 %");
        await CheckReportAsync(page, "report-key-points", "da");

        var csv = await context.APIRequest.GetAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q1/csv");
        Assert.Equal(200, csv.Status);
        var rows = (await csv.TextAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("community,quarter,section,figure,question,answer,value", rows[0]);
        Assert.Contains("Fællesskabet på Nørrebro,2027-Q1,participation,people,,,11", rows);
        Assert.Contains("Fællesskabet på Nørrebro,2027-Q1,answers,answer,contribute,no,<5", rows);
        Assert.Contains("Fællesskabet på Nørrebro,2027-Q1,reflection,plan_after,Kommunen,,2", rows);

        await page.GotoAsync($"{host.BaseAddress}dashboard");
        await page.Locator("#page-language").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skift" }).ClickAsync();
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q1");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Fællesskabet på Nørrebro: report for Q1 2027");
        await Expect(page.Locator("#q-feel_welcome")).ToContainTextAsync("Do you feel welcome here?");
        await CheckReportAsync(page, "report", "en");
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q1/summary");
        await CheckReportAsync(page, "report-key-points", "en");
        // A quarter that is not a quarter is not found; one still running says its figures can change.
        Assert.Equal(404, (await context.APIRequest.GetAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q5")).Status);
        await page.GotoAsync($"{host.BaseAddress}dashboard/c/{community}/report/2027-Q2");
        await Expect(page.Locator(".alert-info")).ToContainTextAsync("not over yet");

        async Task CheckReportAsync(IPage p, string name, string language)
        {
            await CheckAsync(p, name, language);
            // The print layout on A4, to look at.
            await p.PdfAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{language}-print.pdf"), Format = "A4" });
        }
    }

    [SkippableFact]
    public async Task With_the_keyboard_alone_a_coordinator_logs_in_creates_an_activity_and_sends_an_announcement_seeing_where_the_focus_is()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var (host, community, link) = await DemoAsync();
        await using var _ = host;
        await using var context = await BrowserAsync(browser);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);

        await TabToAsync(page, "button", "Log ind");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Oversigt");
        await TabToAsync(page, "a", "Fællesskabet på Nørrebro");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Fællesskabet på Nørrebro");

        await TabToAsync(page, "summary", "Ny aktivitet");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "input", "activity-new-name");
        await page.Keyboard.TypeAsync("Havedag");
        await TabToAsync(page, "select", "activity-new-day");
        await page.Keyboard.PressAsync("ArrowDown"); // Monday → Tuesday
        await TabToAsync(page, "input", "activity-new-time");
        await page.Keyboard.TypeAsync("10:00");
        await TabToAsync(page, "button", "Opret aktivitet");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/dashboard/c/{community}");
        await Expect(page.Locator("table").First).ToContainTextAsync("Havedag");
        await Expect(page.Locator("table").First).ToContainTextAsync("tirsdag kl. 10:00");

        await TabToAsync(page, "a", "Send en besked");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/dashboard/c/{community}/broadcasts");
        await TabToAsync(page, "textarea", "broadcast-text");
        await page.Keyboard.TypeAsync("Husk: vi spiser i haven på torsdag.");
        await TabToAsync(page, "button", "Vis, hvordan den ser ud");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#preview")).ToContainTextAsync("Husk: vi spiser i haven på torsdag.");
        await TabToAsync(page, "button", "Send");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/dashboard/c/{community}/broadcasts");
        await Expect(page.Locator("tr[data-broadcast]")).ToHaveCountAsync(1);

        await using var db = host.Db();
        Assert.True(await db.Activities.AnyAsync(a => a.CommunityId == community && a.Name == "Havedag" && a.Days == WeekDays.Tuesday));
        Assert.Equal("Husk: vi spiser i haven på torsdag.", (await db.Broadcasts.SingleAsync()).Text);

        // Tabs forward until the element of this kind with this name (its text, or its id for a field) has the focus;
        // at every stop the focused element must show a visible focus indicator (an outline or a box shadow).
        static async Task TabToAsync(IPage page, string tag, string name)
        {
            for (var i = 0; i < 80; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var focused = await page.EvaluateAsync<string[]>(
                    """
                    () => {
                      const e = document.activeElement;
                      // A design-system checkbox draws its box (and its focus) on the label.
                      const s = e.type === 'checkbox' && e.labels && e.labels[0] ? getComputedStyle(e.labels[0], '::before') : getComputedStyle(e);
                      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                      return [e.tagName.toLowerCase(), e.id, (e.innerText || e.value || '').trim(), String(visible)];
                    }
                    """);
                if (focused[0] == "body")
                {
                    continue;
                }
                Assert.True(focused[3] == "True" || focused[3] == "true", $"no visible focus on <{focused[0]} id={focused[1]}> \"{focused[2]}\"");
                if (focused[0] == tag && (focused[1] == name || focused[2] == name))
                {
                    return;
                }
            }
            Assert.Fail($"Tab never reached <{tag}> {name}");
        }
    }

    [Fact]
    public async Task Each_page_runs_the_same_few_queries_however_many_activities_occurrences_and_announcements_there_are()
    {
        var queries = new RequestQueries();
        var (host, community, link) = await DemoAsync(queries);
        await using var _ = host;
        using var browser = new DashboardClient(host.BaseAddress);
        await browser.LogInAsync(link);
        string[] paths = ["dashboard", $"dashboard/c/{community}", $"dashboard/c/{community}/broadcasts", $"dashboard/c/{community}/ideas", $"dashboard/c/{community}/roles",
            $"dashboard/c/{community}/audit"];

        async Task<int[]> CountAsync(string round)
        {
            var counts = new List<int>();
            foreach (var path in paths)
            {
                browser.SetHeader(RequestQueries.Header, $"{round} {path}");
                Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
                counts.Add(queries.CountOf($"{round} {path}"));
            }
            browser.SetHeader(RequestQueries.Header, null);
            return [.. counts];
        }

        var few = await CountAsync("few");
        await MuchMoreAsync(host, community);
        var many = await CountAsync("many");

        Assert.True(few.SequenceEqual(many), $"{string.Join(",", few)} vs {string.Join(",", many)}\n" + string.Join("\n", paths.Select(p => $"{p}:\n  {string.Join("\n  ", queries.SqlOf($"many {p}").Select(q => q.Replace('\n', ' ')[..Math.Min(150, q.Length)]))}")));
        // The community page reads its figures with the contributors' ones (tasks, ideas, approvals): up to 18 in all.
        Assert.All(many, count => Assert.InRange(count, 1, 18));
    }

    [Fact]
    public async Task A_community_with_more_activities_than_a_page_holds_is_shown_a_page_at_a_time_and_a_problem_shows_on_its_activitys_page()
    {
        var (host, community, link) = await DemoAsync();
        await using var _ = host;
        await MuchMoreAsync(host, community);
        List<(long Id, string Name)> all;
        await using (var db = host.Db())
        {
            all = (await db.Activities.Where(a => a.CommunityId == community).OrderBy(a => a.Name).ThenBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync())
                .Select(a => (a.Id, a.Name)).ToList();
        }
        Assert.True(all.Count > DashboardQueries.ActivitiesPerPage, $"{all.Count} activities");
        using var browser = new DashboardClient(host.BaseAddress);
        await browser.LogInAsync(link);
        static string Heading(string name) => $"<h3>{WebUtility.HtmlEncode(name)}</h3>";

        var first = await browser.GetStringAsync($"dashboard/c/{community}");
        Assert.Contains($"Aktivitet 1–{DashboardQueries.ActivitiesPerPage} af {all.Count}", WebUtility.HtmlDecode(first), StringComparison.Ordinal);
        Assert.All(all.Take(DashboardQueries.ActivitiesPerPage), a => Assert.Contains(Heading(a.Name), first, StringComparison.Ordinal));
        Assert.All(all.Skip(DashboardQueries.ActivitiesPerPage), a => Assert.DoesNotContain(Heading(a.Name), first, StringComparison.Ordinal));
        Assert.Contains($"href=\"/dashboard/c/{community}?p=2\"", first, StringComparison.Ordinal);

        var second = await browser.GetStringAsync($"dashboard/c/{community}?p=2");
        Assert.Contains($"Aktivitet {DashboardQueries.ActivitiesPerPage + 1}–{all.Count} af {all.Count}", WebUtility.HtmlDecode(second), StringComparison.Ordinal);
        Assert.All(all.Skip(DashboardQueries.ActivitiesPerPage), a => Assert.Contains(Heading(a.Name), second, StringComparison.Ordinal));
        // A page past the last shows the last.
        Assert.Contains(Heading(all[^1].Name), await browser.GetStringAsync($"dashboard/c/{community}?p=99"), StringComparison.Ordinal);

        // An activity on the second page, posted with no name: its page comes back with the message beside the field.
        var late = all[^1];
        var problem = await browser.PostAsync($"dashboard/c/{community}/activities/{late.Id}", first,
            ("name", ""), ("place", "Salen"), ("days", "1"), ("time", "18:00"), ("minutes", "90"));
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        var shown = await problem.Content.ReadAsStringAsync();
        Assert.Contains(Heading(late.Name), shown, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", shown, StringComparison.Ordinal);
    }

    /// <summary>Twenty more activities, each with occurrences in the next two weeks and the past twelve, answers, shifts, tasks and an idea, and thirty announcements.</summary>
    private static async Task MuchMoreAsync(RunningHost host, long community)
    {
        await using var db = host.Db();
        var now = host.Clock.GetUtcNow();
        var people = await db.People.Select(p => p.Id).ToListAsync();
        for (var i = 0; i < 20; i++)
        {
            var activity = new Activity
            {
                CommunityId = community, Name = $"Aktivitet {i:00}", Place = "Salen", Days = WeekDays.Monday | WeekDays.Friday, StartsAt = new TimeOnly(18, 0),
                DurationMinutes = 90, InviteCode = $"akt-{i}", CreatedAt = now,
            };
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            for (var d = -84; d < 14; d += 3)
            {
                var occurrence = new Occurrence { ActivityId = activity.Id, StartsAt = now.AddDays(d).AddHours(i % 5), EndsAt = now.AddDays(d).AddHours(2 + i % 5), CreatedAt = now };
                db.Occurrences.Add(occurrence);
                await db.SaveChangesAsync();
                foreach (var person in people)
                {
                    db.Rsvps.Add(new Rsvp { OccurrenceId = occurrence.Id, PersonId = person, Answer = (person + d) % 3 == 0 ? RsvpAnswer.NotToday : RsvpAnswer.Coming, AnsweredAt = now });
                }
                db.Shifts.Add(new Shift { OccurrenceId = occurrence.Id, Role = "cooking", StartsAt = occurrence.StartsAt.AddHours(-2), EndsAt = occurrence.StartsAt, Needed = 2, Taken = 1, CreatedAt = now });
            }
            Audit.Add(db, people[0], community, "activity.create", $"{activity.Id}: {activity.Name}", now);
            for (var t = 0; t < 3; t++)
            {
                db.HelpingTasks.Add(new Makker.Features.HelpingHands.HelpingTask { ActivityId = activity.Id, Name = $"Opgave {t}", CreatedAt = now });
            }
            var idea = new Makker.Features.Ideas.Idea { CommunityId = community, ActivityId = activity.Id, Text = $"Idé {i}", ProposedAt = now.AddDays(-i), Status = (Makker.Features.Ideas.IdeaStatus)(i % 4) };
            db.Ideas.Add(idea);
            await db.SaveChangesAsync();
            foreach (var person in people)
            {
                db.IdeaInterest.Add(new Makker.Features.Ideas.IdeaInterest { IdeaId = idea.Id, PersonId = person, At = now });
            }
        }
        for (var b = 0; b < 30; b++)
        {
            var broadcast = new Broadcast { CommunityId = community, Audience = BroadcastAudience.Community, Text = $"Besked {b}", CreatedAt = now, ConfirmedAt = now.AddMinutes(b) };
            db.Broadcasts.Add(broadcast);
            await db.SaveChangesAsync();
            foreach (var person in people)
            {
                db.Outbox.Add(new OutboxMessage { Address = $"web:{person}", Channel = "web", Text = broadcast.Text, BroadcastId = broadcast.Id, Status = OutboxStatus.Sent, CreatedAt = now });
            }
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task In_Production_without_the_web_chat_the_front_page_says_what_Makker_is_with_the_privacy_text_and_the_way_to_the_dashboard()
    {
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["WebChat:Enabled"] = "false", ["Bot:SeedDemo"] = "false" });
        using var http = host.Client();

        var danish = await http.GetAsync("");
        var page = await danish.Content.ReadAsStringAsync();
        Assert.True(danish.StatusCode == HttpStatusCode.OK, $"{danish.StatusCode} {page}");
        Assert.Contains("<html lang=\"da\">", page, StringComparison.Ordinal);
        Assert.Contains("Makker er en chat-assistent", page, StringComparison.Ordinal);
        Assert.Contains("Jeg gemmer dit fornavn, dit sprog og hvilke aktiviteter du er med i.", page, StringComparison.Ordinal); // the bot's own consent text
        Assert.DoesNotContain("Er det i orden?", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard\"", page, StringComparison.Ordinal);

        using var english = new HttpRequestMessage(HttpMethod.Get, "");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var inEnglish = await (await http.SendAsync(english)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", inEnglish, StringComparison.Ordinal);
        Assert.Contains("I store your first name, your language and which activities you join.", inEnglish, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("no-such-page")).StatusCode);
    }
}
