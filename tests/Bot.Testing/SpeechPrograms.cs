using Makker.Speech;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Makker.Testing;

/// <summary>espeak-ng and opusenc, which the read-aloud tests need; missing, they are handled by <see cref="OutsidePrograms"/>.</summary>
public static class SpeechPrograms
{
    private static readonly Lazy<bool> Installed = new(() =>
        new SpeechSynthesizer(Options.Create(new SpeechOptions()), NullLogger<SpeechSynthesizer>.Instance).IsAvailable);

    public static void Require()
    {
        if (!Installed.Value)
        {
            throw OutsidePrograms.Missing(
                "espeak-ng and opusenc are not installed. Install them with `sudo apt-get install -y espeak-ng opus-tools` to run the read-aloud tests.");
        }
    }
}
