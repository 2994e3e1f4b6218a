using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makker.IntegrationTests.WebChat;

/// <summary>The local web chat page in a real headless Chromium against the real host.</summary>
public sealed class WebChatPageTests
{
    [SkippableFact]
    public async Task A_newcomer_picks_a_demo_person_sends_start_presses_consent_and_sees_the_reply()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync();
        var onboarding = host.Services.GetRequiredService<DialogCatalog>().Dialog("onboarding");
        var yes = onboarding.Steps["consent"].Buttons.Single(b => b.Id == "yes").Label.Da;
        var question = onboarding.Steps["consent"].Ask!.Da.Split('\n')[^1];
        var ready = onboarding.Steps["ready"].Say!.Da.Replace("{firstName}", "Anna", StringComparison.Ordinal);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());

        await page.Locator("#people button[data-key='demo-anna']").ClickAsync();
        await Expect(page.Locator("#chat-title")).ToContainTextAsync("Anna");
        await page.Locator("#text").FillAsync("/start");
        await page.Locator("#send").ClickAsync();

        var bot = page.Locator("#messages li.bot");
        await Expect(bot.Last).ToContainTextAsync(question);
        await page.GetByRole(AriaRole.Button, new() { Name = yes, Exact = true }).ClickAsync();

        await Expect(bot.Last).ToHaveTextAsync(ready);
        // The consent message was edited to show the choice, so its buttons are gone.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = yes, Exact = true })).ToHaveCountAsync(0);

        await using var db = host.Db();
        var anna = await db.People.SingleAsync(p => p.Channel == "web" && p.ExternalId == "demo-anna");
        Assert.Equal(ConsentState.Given, anna.Consent);
        Assert.Equal("Anna", anna.FirstName);
    }

    [SkippableFact]
    public async Task The_page_speaks_English_when_the_phone_language_is_English()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync();
        var consent = host.Services.GetRequiredService<DialogCatalog>().Dialog("onboarding").Steps["consent"];

        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.Locator("#language").SelectOptionAsync("en");
        await page.Locator("#someone-new").ClickAsync();
        await page.Locator("#text").FillAsync("/start");
        await page.Locator("#text").PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = consent.Buttons[0].Label.En, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = consent.Buttons[1].Label.En, Exact = true })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task The_pages_own_words_follow_the_chosen_language_and_then_the_persons_own_choice()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync();
        var dialogs = host.Services.GetRequiredService<DialogCatalog>();
        var consent = dialogs.Dialog(DialogIds.Onboarding).Steps["consent"];
        string Word(string key, string language) => dialogs.Text(key, language);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "da");
        await Expect(page.Locator("#someone-new")).ToHaveTextAsync(Word(WebChatPageTexts.SomeoneNew, Languages.Danish));
        await Expect(page.Locator("#people button[data-key='demo-mette'] .role")).ToHaveTextAsync(Word(WebChatPageTexts.RoleHost, Languages.Danish));

        await page.Locator("#language").SelectOptionAsync("uk");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "uk");
        await Expect(page.Locator("#someone-new")).ToHaveTextAsync(Word(WebChatPageTexts.SomeoneNew, Languages.Ukrainian));
        await Expect(page.Locator("#text")).ToHaveAttributeAsync("aria-label", Word(WebChatPageTexts.Message, Languages.Ukrainian));
        Assert.Equal(Word(WebChatPageTexts.PageTitle, Languages.Ukrainian), await page.TitleAsync());

        await page.Locator("#language").SelectOptionAsync("en");
        await page.Locator("#someone-new").ClickAsync();
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync(Word(WebChatPageTexts.TalkingAsNew, Languages.English));
        await page.Locator("#text").FillAsync("/start");
        await page.Locator("#text").PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = consent.Buttons.Single(b => b.Id == "yes").Label.En, Exact = true }).ClickAsync();
        await page.Locator("#text").FillAsync("/language");
        await page.Locator("#text").PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "العربية", Exact = true }).Last.ClickAsync();

        // The person chose Arabic in the chat: the page follows, right to left.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("#language")).ToHaveValueAsync("ar");
        await Expect(page.Locator("#someone-new")).ToHaveTextAsync(Word(WebChatPageTexts.SomeoneNew, Languages.Arabic));
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync(Word(WebChatPageTexts.TalkingAsNew, Languages.Arabic));
    }

    [SkippableFact]
    public async Task A_file_shows_its_caption_and_a_link_that_downloads_it()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync();
        const string report = "uge;kommer;ikke i dag;følgeskab\n47;12;3;1\n";
        await using (var db = host.Db())
        {
            var jonas = await db.People.SingleAsync(p => p.Channel == "web" && p.ExternalId == "demo-jonas");
            db.Outbox.Add(new OutboxMessage
            {
                PersonId = jonas.Id,
                Channel = "web",
                Address = "demo-jonas",
                Text = "Rapport for november",
                DocumentName = "makker-rapport-2026-11.csv",
                DocumentText = report,
                CreatedAt = host.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.Locator("#people button[data-key='demo-jonas']").ClickAsync();

        var message = page.Locator("#messages li.bot").Last;
        await Expect(message.Locator(".text")).ToHaveTextAsync("Rapport for november");
        var link = message.Locator("a.document");
        await Expect(link).ToHaveTextAsync("makker-rapport-2026-11.csv");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        Assert.Equal("makker-rapport-2026-11.csv", download.SuggestedFilename);
        Assert.Equal(report, await File.ReadAllTextAsync(await download.PathAsync()));
    }

    [SkippableFact]
    public async Task The_demo_button_runs_the_whole_loop_from_nudge_to_host_briefing_and_check_in()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["WebChat:DemoControls"] = "true" });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("#demo")).ToBeVisibleAsync();
        var bot = page.Locator("#messages li.bot");

        foreach (var who in new[] { "demo-mette", "demo-anna" })
        {
            await page.Locator($"#people button[data-key='{who}']").ClickAsync();
            await page.Locator("#text").FillAsync("/start");
            await page.Locator("#send").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Ja, det er fint", Exact = true }).ClickAsync();
            await Expect(bot.Last).ToContainTextAsync("Du er klar");
        }

        // Anna is open: the first reminder arrives, and she answers it.
        await page.Locator("#next-step").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Første påmindelse for Torsdagsmiddag: sendt til 1 person.");
        await Expect(bot.Last).ToContainTextAsync("Kommer du?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Jeg kommer", Exact = true }).ClickAsync();
        await Expect(bot.Last).ToContainTextAsync("Dejligt, Anna!");

        await page.Locator("#next-step").ClickAsync(); // the second reminder: Anna has answered, so nobody gets it
        await Expect(page.Locator("#toast")).ToContainTextAsync("Anden påmindelse for Torsdagsmiddag: sendt til 0 personer.");
        await page.Locator("#next-step").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Briefing til værten for Torsdagsmiddag: sendt til 1 person.");

        await page.Locator("#people button[data-key='demo-mette']").ClickAsync();
        await Expect(bot.Last).ToContainTextAsync("Kommer: 1 (Anna)");

        // After the dinner: Anna's one question, one tap; then the host's digest keeps a single answer private.
        await page.Locator("#next-step").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Check-in-spørgsmål for Torsdagsmiddag: sendt til 1 person.");
        await page.Locator("#people button[data-key='demo-anna']").ClickAsync();
        await Expect(bot.Last).ToContainTextAsync("Bare ét spørgsmål");
        await page.GetByRole(AriaRole.Button, new() { Name = "Godt", Exact = true }).ClickAsync();
        await Expect(bot.Last).ToContainTextAsync("Tak for dit svar!");
        await page.Locator("#next-step").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Check-in-opsummering for Torsdagsmiddag: sendt til 1 person.");
        await page.Locator("#people button[data-key='demo-mette']").ClickAsync();
        await Expect(bot.Last).ToContainTextAsync("Færre end 5 svarede");
    }
}
