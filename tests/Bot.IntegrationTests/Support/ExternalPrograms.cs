using Makker.Testing;

namespace Makker.IntegrationTests.Support;

/// <summary>Programs the browser tests need from outside .NET; a missing one is handled by <see cref="OutsidePrograms"/>.</summary>
public static class ExternalPrograms
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw OutsidePrograms.Missing(
                $"Chromium is not installed at {ChromiumPath}. Install it with `sudo apt-get install -y chromium` to run the browser tests.");
        }
    }
}
