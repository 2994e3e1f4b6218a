using Makker.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// The real host as its own process (tests/Bot.TestHost), so a test can kill it with SIGKILL or stop it with SIGTERM
/// as an operating system would. Its clock is a fake one this class moves forward, in step with the test's.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Channel<long> _clockAnswers = Channel.CreateUnbounded<long>();
    private readonly StringBuilder _output = new();
    private readonly Task _readingOut;
    private readonly Task _readingErr;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _readingOut = ReadAsync(process.StandardOutput, isOut: true);
        _readingErr = ReadAsync(process.StandardError, isOut: false);
    }

    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far (its log), for a failing test's message.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts the host on a free loopback port with these settings and waits until it answers /healthz.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, DateTimeOffset clockNow)
    {
        var port = settings.TryGetValue("urls", out var urls) ? new Uri(urls).Port : Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(TestHostDll());
        var all = new Dictionary<string, string>(settings) { ["urls"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["MAKKER_TEST_CLOCK"] = clockNow.ToString("O", CultureInfo.InvariantCulture);
        var host = new HostProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        await host.WaitUntilAliveAsync();
        return host;
    }

    private static string TestHostDll()
    {
        // tests/Bot.IntegrationTests/bin/<Configuration>/<tfm>/ → tests/Bot.TestHost/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var dll = Path.Combine(tests.FullName, "Bot.TestHost", "bin", configuration.Name, tfm.Name, "Bot.TestHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build tests/Bot.TestHost first (dotnet build Bot.sln); looked for {dll}.");
    }

    private async Task WaitUntilAliveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host process ended with exit code {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(100));
        }
        throw new TimeoutException($"The host process did not answer /healthz within a minute:\n{Output}");
    }

    /// <summary>Moves the process's clock forward and returns once it has (timers due by then have been told).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        if (_process.HasExited)
        {
            return;
        }
        await _process.StandardInput.WriteLineAsync($"advance {by.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _clockAnswers.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException) when (_process.HasExited)
        {
            // Died meanwhile (a test killed it): its clock no longer matters.
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an out-of-memory kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code once the process has ended by itself.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"Could not send SIGTERM to {_process.Id} (errno {Marshal.GetLastPInvokeError()}).");
        }
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not stop within {within} of SIGTERM:\n{Output}");
        }
        return _process.ExitCode;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private async Task ReadAsync(StreamReader reader, bool isOut)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (isOut && line.StartsWith("clock ", StringComparison.Ordinal))
            {
                _clockAnswers.Writer.TryWrite(long.Parse(line[6..], CultureInfo.InvariantCulture));
                continue;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
        if (isOut)
        {
            _clockAnswers.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await Task.WhenAll(_readingOut, _readingErr);
        _process.Dispose();
    }
}
