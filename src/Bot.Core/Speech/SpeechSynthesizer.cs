using System.Diagnostics;
using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Speech;

/// <summary>A text read aloud: Ogg/Opus audio, ready to send as a voice message, and how long it plays.</summary>
public sealed record VoiceClip(byte[] Ogg, TimeSpan Duration);

/// <summary>Speech could not be made (a program missing or failing, or too slow). Carries no text.</summary>
public sealed class SpeechException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Makes speech with espeak-ng and encodes it with opusenc, two Debian programs run as child processes. The text goes
/// to espeak-ng on its standard input, never on its command line (which other users of the machine can see), and
/// nothing of it is logged. Whether the programs are there is found out once; when they are not, the Read aloud button
/// is not offered and the log says once how to install them.
/// </summary>
public sealed class SpeechSynthesizer : ISpeechAvailability
{
    public const string InstallHint = "Read aloud is off: espeak-ng and opusenc were not found. Install them (Debian: apt-get install espeak-ng opus-tools) or set Speech:EspeakPath and Speech:OpusencPath.";

    private readonly SpeechOptions _options;
    private readonly ILogger<SpeechSynthesizer> _log;
    private readonly Lazy<bool> _available;
    private long _syntheses;

    public SpeechSynthesizer(IOptions<SpeechOptions> options, ILogger<SpeechSynthesizer> log)
    {
        _options = options.Value;
        _log = log;
        _available = new Lazy<bool>(FindPrograms, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Both programs answered; asked once, at the first question.</summary>
    public bool IsAvailable => _options.Enabled && _available.Value;

    /// <summary>How many texts have been turned into speech since start (the cache's misses).</summary>
    public long Syntheses => Interlocked.Read(ref _syntheses);

    public async Task<VoiceClip> SynthesizeAsync(string text, LanguageInfo language, CancellationToken ct)
    {
        if (!IsAvailable)
        {
            throw new SpeechException("Speech is not available here.");
        }
        Interlocked.Increment(ref _syntheses);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        using var espeak = Start(_options.EspeakPath,
            ["-v", language.Voice, "-s", language.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "-b", "1", "--stdin", "--stdout"]);
        using var opusenc = StartOrStop(espeak, _options.OpusencPath,
            ["--quiet", "--speech", "--bitrate", _options.BitrateKbps.ToString(CultureInfo.InvariantCulture), "-", "-"]);
        var errors = Task.WhenAll(espeak.StandardError.ReadToEndAsync(CancellationToken.None), opusenc.StandardError.ReadToEndAsync(CancellationToken.None));
        var feed = Task.Run(async () =>
        {
            await using var input = espeak.StandardInput;
            await input.WriteAsync(text.AsMemory(), timeout.Token);
        }, CancellationToken.None);
        var pipe = Task.Run(async () =>
        {
            await using var into = opusenc.StandardInput.BaseStream;
            await espeak.StandardOutput.BaseStream.CopyToAsync(into, timeout.Token);
        }, CancellationToken.None);
        using var ogg = new MemoryStream();
        var read = opusenc.StandardOutput.BaseStream.CopyToAsync(ogg, timeout.Token);
        var all = Task.WhenAll(feed, pipe, read, errors);
        try
        {
            // A read from a pipe does not see a cancellation once it waits, so the waiting itself is what gives up; the
            // programs are then killed below, which ends the reads.
            await all.WaitAsync(timeout.Token);
            await Task.WhenAll(espeak.WaitForExitAsync(timeout.Token), opusenc.WaitForExitAsync(timeout.Token));
            var bytes = ogg.ToArray();
            if (espeak.ExitCode != 0 || opusenc.ExitCode != 0 || OggOpus.Duration(bytes) is not { } duration)
            {
                // Their error output could quote the input, so only the exit codes are told.
                throw new SpeechException($"Speech failed: espeak-ng exited with {espeak.ExitCode}, opusenc with {opusenc.ExitCode}.");
            }
            _log.LogDebug("Made {Seconds:F1} s of speech in {Voice} in {Milliseconds} ms", duration.TotalSeconds, language.Voice,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new VoiceClip(bytes, duration);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SpeechException($"Speech took longer than {_options.TimeoutSeconds} s and was given up.", e);
        }
        catch (IOException e)
        {
            throw new SpeechException("Speech failed: a program closed its input or output early.", e);
        }
        finally
        {
            Stop(espeak);
            Stop(opusenc);
            // What the killed programs' pipes still do ends now; its errors are of no further interest.
            _ = all.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>Starts the second program; when it cannot start, the first is stopped rather than left waiting for input.</summary>
    private static Process StartOrStop(Process first, string program, IEnumerable<string> arguments)
    {
        try
        {
            return Start(program, arguments);
        }
        catch (SpeechException)
        {
            Stop(first);
            throw;
        }
    }

    private static Process Start(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            return Process.Start(info) ?? throw new SpeechException($"{Path.GetFileName(program)} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SpeechException($"{Path.GetFileName(program)} could not be started.", e);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }

    private bool FindPrograms()
    {
        if (!_options.Enabled)
        {
            return false;
        }
        var missing = new[] { _options.EspeakPath, _options.OpusencPath }.Where(p => !Answers(p)).ToList();
        if (missing.Count == 0)
        {
            return true;
        }
        _log.LogWarning("{InstallHint} (not working: {Programs})", InstallHint, string.Join(", ", missing));
        return false;
    }

    /// <summary>Whether the program runs and answers --version.</summary>
    private static bool Answers(string program)
    {
        try
        {
            using var process = Start(program, ["--version"]);
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0;
        }
        catch (SpeechException)
        {
            return false;
        }
    }
}
