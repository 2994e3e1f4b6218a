using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Demo;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makker.IntegrationTests.WebChat;

/// <summary>
/// The web chat page in Arabic, in a real headless Chromium: right to left, values that keep their order inside the
/// Arabic text, and a message read aloud that the page plays.
/// </summary>
public sealed class WebChatLanguagesTests
{
    [SkippableFact]
    public async Task An_Arabic_readers_chat_runs_right_to_left()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync();
        var consent = host.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"];

        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.Locator("#language").SelectOptionAsync("ar");
        await page.Locator("#someone-new").ClickAsync();
        await page.Locator("#text").FillAsync("/start");
        await page.Locator("#text").PressAsync("Enter");

        var question = page.Locator("#messages li.bot").Last;
        await Expect(question).ToContainTextAsync("هل توافق على ذلك؟");
        await Expect(question).ToHaveAttributeAsync("dir", "rtl");
        await Expect(question).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Locator("#chat")).ToHaveAttributeAsync("dir", "rtl");
        // Right to left for real: the bot's bubble starts at the right edge of the chat, and its text at the bubble's right.
        Assert.Equal("rtl", await question.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        var bubble = (await question.BoundingBoxAsync())!;
        var chat = (await page.Locator("#messages").BoundingBoxAsync())!;
        Assert.InRange(chat.X + chat.Width - (bubble.X + bubble.Width), -1, 1);
        Assert.True(bubble.X > chat.X + 10, $"the bubble ({bubble.X}) does not reach the chat's left edge ({chat.X})");

        await page.GetByRole(AriaRole.Button, new() { Name = consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Arabic), Exact = true }).ClickAsync();
        await Expect(page.Locator("#messages li.bot").Last).ToContainTextAsync("كل شيء جاهز");
    }

    [SkippableFact]
    public async Task A_place_that_starts_with_a_number_keeps_its_order_inside_Arabic_because_it_is_isolated()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["WebChat:DemoControls"] = "true" });
        await using (var db = host.Db())
        {
            var dinner = await db.Activities.SingleAsync(a => a.InviteCode == DemoSeeder.DemoInviteCode);
            // A floor, then the house: Latin text that starts with a number, right after Arabic ("في", at).
            dinner.Place = "2. sal, Fælleshuset";
            await db.SaveChangesAsync();
        }
        var page = await ArabicDemoAnnaAsync(browser, host);

        await page.Locator("#next-step").ClickAsync();
        var nudge = page.Locator("#messages li.bot .text").Last;
        await Expect(nudge).ToContainTextAsync("هل ستأتي؟");

        // Where each character lands on the screen, in the message as sent and in the same text without the isolates.
        var x = await nudge.EvaluateAsync<double[]>("""
            element => {
              // Each on one line, so left and right mean the order a reader meets them in.
              const line = (text) => {
                const div = document.createElement("div");
                div.dir = "rtl";
                div.style.whiteSpace = "nowrap";
                div.textContent = text;
                document.body.appendChild(div);
                return div;
              };
              const measure = (container) => {
                const node = container.firstChild, text = node.textContent;
                const left = (part) => {
                  const at = text.indexOf(part), range = document.createRange();
                  range.setStart(node, at); range.setEnd(node, at + 1);
                  return range.getBoundingClientRect().left;
                };
                return [left("2."), left("sal"), left("Fæ")];
              };
              const sent = line(element.textContent);
              const bare = line(element.textContent.replace(/[\u2066-\u2069]/g, ""));
              return [...measure(sent), ...measure(bare)];
            }
            """);

        // As sent: "2. sal, Fælleshuset" reads left to right, as one name.
        Assert.True(x[0] < x[1] && x[1] < x[2], $"isolated: 2 at {x[0]}, sal at {x[1]}, Fælleshuset at {x[2]}");
        // Without the isolates the Arabic before it takes the number to the far side of its words: the test can tell.
        Assert.True(x[3] > x[4], $"bare: 2 at {x[3]} should be right of sal at {x[4]}");
    }

    [SkippableFact]
    public async Task Read_aloud_in_the_web_chat_plays_the_voice_message_in_an_audio_element()
    {
        SpeechPrograms.Require();
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["WebChat:DemoControls"] = "true" });
        var readAloud = host.Services.GetRequiredService<DialogCatalog>().Text(ReadAloudTexts.Button, Languages.Arabic);
        var page = await ArabicDemoAnnaAsync(browser, host);
        await page.Locator("#next-step").ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = readAloud, Exact = true }).ClickAsync();

        var audio = page.Locator("#messages li.voice audio");
        await Expect(audio).ToHaveCountAsync(1);
        // The browser loads the Ogg/Opus file and knows how long it plays: the page can play it.
        var seconds = await audio.EvaluateAsync<double>("""
            a => new Promise((resolve, reject) => {
              if (a.readyState >= 1) { resolve(a.duration); return; }
              a.addEventListener("loadedmetadata", () => resolve(a.duration));
              a.addEventListener("error", () => reject(new Error("the audio did not load")));
            })
            """);
        Assert.InRange(seconds, 2, 30);
        var response = await page.APIRequest.GetAsync(new Uri(host.BaseAddress, await audio.GetAttributeAsync("src")).ToString());
        Assert.Equal("audio/ogg", response.Headers["content-type"]);
        Assert.True(Makker.Speech.OggOpus.IsOggOpus(await response.BodyAsync()));
    }

    /// <summary>Demo Anna in Arabic, with her yes given: ready for the demo's next step.</summary>
    private static async Task<IPage> ArabicDemoAnnaAsync(HeadlessChromium browser, RunningHost host)
    {
        var yes = host.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"].Buttons
            .Single(b => b.Id == "yes").Label.For(Languages.Arabic);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.Locator("#language").SelectOptionAsync("ar");
        await page.Locator("#people button[data-key='demo-anna']").ClickAsync();
        await page.Locator("#text").FillAsync("/start");
        await page.Locator("#send").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = yes, Exact = true }).ClickAsync();
        await Expect(page.Locator("#messages li.bot").Last).ToContainTextAsync("كل شيء جاهز");
        return page;
    }
}
