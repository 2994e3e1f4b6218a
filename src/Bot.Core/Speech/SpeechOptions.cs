namespace Makker.Speech;

/// <summary>Reading texts aloud: the outside programs that make the voice messages, and how long their audio is kept.</summary>
public sealed class SpeechOptions
{
    public const string Section = "Speech";

    /// <summary>Offer "Read aloud" at all. Off: no button, no voice messages, the programs are never started.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>espeak-ng, which turns a text into speech (Debian: apt-get install espeak-ng).</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>opusenc, which encodes it to Ogg/Opus, the format Telegram plays as a voice message (Debian: opus-tools).</summary>
    public string OpusencPath { get; set; } = "opusenc";

    /// <summary>Opus bitrate; speech is clear at 24 kbit/s, about 3 kB a second.</summary>
    public int BitrateKbps { get; set; } = 24;

    /// <summary>
    /// A voice message's audio stays in memory this long after it was last used, never on disk. Long enough for a
    /// nudge round to thousands of people (one synthesis per distinct text); short, because a text with a first name
    /// in it is that person's data.
    /// </summary>
    public int CacheMinutes { get; set; } = 60;

    /// <summary>At most this much audio is held; the least recently used goes first.</summary>
    public int CacheMegabytes { get; set; } = 64;

    /// <summary>A synthesis that takes longer than this is given up (and the voice message parked).</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
