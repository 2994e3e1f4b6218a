using Xunit;

namespace Makker.Testing;

/// <summary>
/// What a test does when a program it needs from outside .NET (Chromium, PostgreSQL) is missing: on a developer's
/// machine it is skipped with how to install the program; under CI (CI=true), where .ci/run installs it, it fails.
/// </summary>
public static class OutsidePrograms
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The exception to throw for a missing program: a skip, or under CI a failure.</summary>
    public static Exception Missing(string howToInstall, Exception? cause = null) => InCi
        ? new InvalidOperationException(howToInstall + " CI=true, so a missing program is a failure, not a skip.", cause)
        : new SkipException(cause is null ? howToInstall : howToInstall + $" ({cause.Message})");
}
