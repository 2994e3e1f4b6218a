using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Makker.Conversations.Dialogs;
using Microsoft.Extensions.Options;

namespace Makker.Speech;

/// <summary>
/// Voice messages by text and voice, so a nudge to 5,000 people is synthesised once per distinct text: everyone who
/// asks for the same text while it is being made waits for that one synthesis. Held in memory only, keyed by a hash
/// (the cache holds no text), and dropped <see cref="SpeechOptions.CacheMinutes"/> after its last use or when the cache
/// is full: a text with a first name in it is read aloud for that person's messages and is gone soon after.
/// </summary>
public sealed class VoiceCache(SpeechSynthesizer synthesizer, TimeProvider clock, IOptions<SpeechOptions> options)
{
    private sealed class Entry(Lazy<Task<VoiceClip>> clip, DateTimeOffset now)
    {
        public Lazy<Task<VoiceClip>> Clip { get; } = clip;
        public long LastUsedTicks = now.UtcTicks;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SpeechOptions _options = options.Value;
    private long _nextSweepTicks;

    /// <summary>How many clips are held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The voice message for a text in a language, made now or taken from the cache.</summary>
    /// <exception cref="SpeechException">Speech is not available, or failed; nothing is cached then.</exception>
    public async Task<VoiceClip> GetAsync(string text, string? language, CancellationToken ct)
    {
        var voice = Languages.Info(language);
        var spoken = SpokenText.Of(text);
        var key = Key(voice, spoken);
        var now = clock.GetUtcNow();
        Sweep(now);
        // Lazy, so of many callers racing for a new key only one starts the synthesis; it runs to its own end (its
        // time limit), not to the first caller's, since the others wait for it too.
        var entry = _entries.GetOrAdd(key, _ => new Entry(
            new Lazy<Task<VoiceClip>>(() => synthesizer.SynthesizeAsync(spoken, voice, CancellationToken.None)), now));
        Interlocked.Exchange(ref entry.LastUsedTicks, now.UtcTicks);
        try
        {
            return await entry.Clip.Value.WaitAsync(ct);
        }
        catch (SpeechException)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Drops what was not used for the configured time, and the least recently used while over the size cap.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddSeconds(10).UtcTicks, next) != next)
        {
            return;
        }
        var oldest = now.AddMinutes(-_options.CacheMinutes).UtcTicks;
        var done = new List<(string Key, Entry Entry, long Bytes)>();
        foreach (var (key, entry) in _entries)
        {
            if (Interlocked.Read(ref entry.LastUsedTicks) < oldest)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
            else if (entry.Clip.IsValueCreated && entry.Clip.Value.IsCompletedSuccessfully)
            {
                done.Add((key, entry, entry.Clip.Value.Result.Ogg.Length));
            }
        }
        var bytes = done.Sum(d => d.Bytes);
        var cap = (long)_options.CacheMegabytes * 1024 * 1024;
        foreach (var (key, entry, size) in done.OrderBy(d => Interlocked.Read(ref d.Entry.LastUsedTicks)))
        {
            if (bytes <= cap)
            {
                break;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            bytes -= size;
        }
    }

    private static string Key(LanguageInfo voice, string spoken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{voice.Voice}\n{voice.WordsPerMinute}\n{spoken}")));
}
