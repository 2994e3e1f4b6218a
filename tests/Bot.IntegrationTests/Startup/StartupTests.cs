using System.Diagnostics;

namespace Makker.IntegrationTests.Startup;

/// <summary>The host as a real process, started the way an operator starts it.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("makker-start-").FullName;

    [Fact]
    public async Task A_typo_in_a_dialog_file_stops_start_up_with_one_line_naming_file_line_and_problem()
    {
        var dialogs = Path.Combine(_folder, "dialogs");
        Directory.CreateDirectory(dialogs);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "dialogs"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(dialogs, Path.GetFileName(file)));
        }
        var pause = Path.Combine(dialogs, "pause.yaml");
        var lines = File.ReadAllLines(pause).ToList();
        var nextLine = lines.FindIndex(l => l.TrimStart().StartsWith("next:", StringComparison.Ordinal) && !l.Contains("end", StringComparison.Ordinal));
        Assert.True(nextLine >= 0, "pause.yaml should have a step that leads to another step");
        lines[nextLine] = lines[nextLine][..lines[nextLine].IndexOf("next:", StringComparison.Ordinal)] + "next: nowhere_step";
        File.WriteAllLines(pause, lines);

        var (exitCode, stdout, stderr) = await RunHostAsync($"--Bot:DialogsDirectory={dialogs}", $"--Storage:DataDirectory={_folder}", "--urls=http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(errorLines);
        Assert.Contains($"pause.yaml:{nextLine + 1}", line, StringComparison.Ordinal);
        Assert.Contains("nowhere_step", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_chat_outside_Development_without_AllowOutsideDevelopment_stops_start_up_with_one_line()
    {
        var (exitCode, stdout, stderr) = await RunHostAsync("--WebChat:Enabled=true", $"--Storage:DataDirectory={_folder}", "--urls=http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("WebChat:AllowOutsideDevelopment=true", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(params string[] args)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The host kept running although a dialog file is broken.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
