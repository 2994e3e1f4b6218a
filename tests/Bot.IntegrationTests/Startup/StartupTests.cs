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
    public async Task Settings_files_are_read_once_so_no_watcher_wakes_on_every_write_to_the_data_folder_under_the_content_root()
    {
        await using var app = Makker.Host.MakkerHost.Build([$"--Storage:DataDirectory={_folder}", "--urls=http://127.0.0.1:0"]);
        var files = ((Microsoft.Extensions.Configuration.IConfigurationRoot)app.Configuration).Providers
            .OfType<Microsoft.Extensions.Configuration.FileConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    [InlineData("--urls")]
    public async Task The_host_listens_where_ASP_NET_Core_settings_say(string how)
    {
        var port = Makker.Testing.Loopback.FreePort();
        var start = HostStart($"--Storage:DataDirectory={_folder}");
        switch (how)
        {
            case "ASPNETCORE_URLS":
                start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                break;
            case "ASPNETCORE_HTTP_PORTS":
                start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
                break;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var until = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage? answer = null;
            while (answer is null && DateTime.UtcNow < until && !process.HasExited)
            {
                try
                {
                    answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
                catch (TaskCanceledException)
                {
                }
            }
            Assert.True(answer is not null, $"Nothing answered on port {port} set by {how}.");
            Assert.Equal(System.Net.HttpStatusCode.OK, answer!.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await output;
            _ = await errors;
        }
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
        using var process = Process.Start(HostStart(args))!;
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

    /// <summary>The host's own binaries in Production, as an operator starts it; no ASP.NET Core address settings inherited.</summary>
    private static ProcessStartInfo HostStart(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
        {
            start.Environment.Remove(inherited);
        }
        return start;
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
