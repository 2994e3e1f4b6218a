namespace Makker.IntegrationTests.Support;

/// <summary>
/// Programs some tests need from outside .NET. On a developer's machine a missing one skips those tests with
/// a line saying how to install it; under CI (CI=true), where .ci/run installs them, it fails the test.
/// </summary>
public static class ExternalPrograms
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void RequireChromium() =>
        Require(File.Exists(ChromiumPath),
            $"Chromium is not installed at {ChromiumPath}. Install it with `sudo apt-get install -y chromium` to run the browser tests.");

    private static void Require(bool present, string howToInstall)
    {
        if (present)
        {
            return;
        }
        if (InCi)
        {
            throw new InvalidOperationException(howToInstall + " CI=true, so a missing program is a failure, not a skip.");
        }
        throw new SkipException(howToInstall);
    }
}
