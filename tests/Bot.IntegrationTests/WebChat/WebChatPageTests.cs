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
}
