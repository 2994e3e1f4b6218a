using Microsoft.Playwright;

namespace Makker.IntegrationTests.Support;

/// <summary>Debian's Chromium driven by Playwright, headless; skips or fails like every outside program.</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        ExternalPrograms.RequireChromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExternalPrograms.ChromiumPath,
            Headless = true,
            // Containers and CI machines have no sandbox support, no GPU and a small /dev/shm.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public Task<IPage> NewPageAsync() => Browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
