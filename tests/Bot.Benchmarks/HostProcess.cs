using System.Diagnostics;
using System.Globalization;

namespace Makker.Benchmarks;

/// <summary>
/// The real host alone in a child process (this tool's <c>host</c> command, which only calls
/// <c>MakkerHost.RunAsync</c>), so its memory is measured without the load generator and the fake Telegram server.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private HostProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public sealed record MemoryUse(double RssMb, double HwmMb);

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the host and waits until /readyz says it can do its work.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string logFolder, TextWriter log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(HostProcess).Assembly.Location);
        start.ArgumentList.Add("host");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The host process did not start.");
        // Its log goes to a file next to its data, read only when something goes wrong.
        var file = new StreamWriter(Path.Combine(logFolder, "host.log")) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) => Write(file, e.Data);
        process.OutputDataReceived += (_, e) => Write(file, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var host = new HostProcess(process, file);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri(settings["urls"] + "/readyz");
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host process exited with {process.ExitCode}; its log is in {logFolder}/host.log.");
            }
            try
            {
                using var response = await http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    log.WriteLine($"  host process {process.Id} ready after {Format.N(until.Elapsed.TotalSeconds, 1)} s");
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        host.Dispose();
        throw new TimeoutException($"The host process was not ready within 2 minutes; its log is in {logFolder}/host.log.");
    }

    private static void Write(StreamWriter file, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (file)
        {
            file.WriteLine(line);
        }
    }

    /// <summary>Resident memory now (VmRSS) and its peak since the start (VmHWM), from /proc/PID/status.</summary>
    public MemoryUse Memory()
    {
        double Read(string[] lines, string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? double.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024
                : double.NaN;
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        return new MemoryUse(Read(status, "VmRSS:"), Read(status, "VmHWM:"));
    }

    /// <summary>Asks the host to stop as the service manager would (SIGTERM) and waits; kills it after 30 s.</summary>
    public async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
