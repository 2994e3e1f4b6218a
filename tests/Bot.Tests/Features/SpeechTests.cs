using System.Collections.Concurrent;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Speech;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Makker.Tests.Features;

/// <summary>
/// The speech itself, from the real espeak-ng and opusenc: an Ogg/Opus file whose length fits the text, in each
/// language's voice, and a cache that makes each distinct text once however many people get it.
/// </summary>
public sealed class SpeechTests
{
    private static SpeechSynthesizer Synthesizer(SpeechOptions? options = null) =>
        new(Options.Create(options ?? new SpeechOptions()), NullLogger<SpeechSynthesizer>.Instance);

    [SkippableTheory]
    [InlineData(Languages.Danish, "Hej Anna! Der er fællesspisning i morgen klokken halv seks i Fælleshuset. Kommer du?")]
    [InlineData(Languages.EasyDanish, "Hej Anna! Fællesspisning er i morgen klokken 17.30. Det er i Fælleshuset. Kommer du?")]
    [InlineData(Languages.English, "Hi Anna! There's a shared dinner tomorrow at half past five in the community house. Are you coming?")]
    [InlineData(Languages.Arabic, "مرحبًا آنا! لدينا عشاء مشترك غدًا الساعة الخامسة والنصف في البيت المشترك. هل ستأتين؟")]
    [InlineData(Languages.Ukrainian, "Привіт, Анно! Завтра о пів на шосту спільна вечеря в будинку громади. Ви прийдете?")]
    public async Task A_text_becomes_an_Ogg_Opus_voice_message_as_long_as_reading_it_takes(string language, string text)
    {
        SpeechPrograms.Require();
        var synthesizer = Synthesizer();

        var clip = await synthesizer.SynthesizeAsync(text, Languages.Info(language), CancellationToken.None);

        // The Ogg page header, then the Opus identification header: what Telegram plays as a voice message.
        Assert.Equal("OggS"u8.ToArray(), clip.Ogg[..4]);
        Assert.Equal("OpusHead"u8.ToArray(), clip.Ogg[28..36]);
        Assert.Equal(clip.Duration, OggOpus.Duration(clip.Ogg));
        // About a dozen words, at 130-165 words a minute, with pauses: a few seconds, not a blip and not a minute.
        Assert.InRange(clip.Duration.TotalSeconds, 2.5, 12);
        Assert.Equal(1, synthesizer.Syntheses);
    }

    [SkippableFact]
    public async Task A_longer_text_reads_longer_and_easy_read_Danish_is_read_more_slowly()
    {
        SpeechPrograms.Require();
        var synthesizer = Synthesizer();
        const string sentence = "Der er fællesspisning i morgen i Fælleshuset. ";

        var one = await synthesizer.SynthesizeAsync(sentence, Languages.Info(Languages.Danish), CancellationToken.None);
        var four = await synthesizer.SynthesizeAsync(string.Concat(Enumerable.Repeat(sentence, 4)), Languages.Info(Languages.Danish), CancellationToken.None);
        var easy = await synthesizer.SynthesizeAsync(sentence, Languages.Info(Languages.EasyDanish), CancellationToken.None);

        Assert.InRange(four.Duration / one.Duration, 3.0, 5.0);
        Assert.True(easy.Duration > one.Duration * 1.1, $"easy-read {easy.Duration} vs {one.Duration}");
    }

    [SkippableFact]
    public async Task A_missing_program_is_a_clear_failure_that_carries_no_text()
    {
        var synthesizer = Synthesizer(new SpeechOptions { OpusencPath = "/nonexistent/opusenc" });

        Assert.False(synthesizer.IsAvailable);
        var e = await Assert.ThrowsAsync<SpeechException>(() => synthesizer.SynthesizeAsync("Hej Anna", Languages.Info("da"), CancellationToken.None));
        Assert.DoesNotContain("Anna", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_cache_keeps_a_clip_by_text_and_voice_and_lets_it_go_an_hour_after_its_last_use()
    {
        SpeechPrograms.Require();
        var synthesizer = Synthesizer();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
        var cache = new VoiceCache(synthesizer, clock, Options.Create(new SpeechOptions()));

        var first = await cache.GetAsync("Kommer du?", Languages.Danish, CancellationToken.None);
        Assert.Same(first, await cache.GetAsync("📅 Kommer du?", Languages.Danish, CancellationToken.None)); // the emoji is not read
        await cache.GetAsync("Kommer du?", Languages.EasyDanish, CancellationToken.None); // another speed is another clip
        await cache.GetAsync("Ви прийдете?", Languages.Ukrainian, CancellationToken.None);
        Assert.Equal(3, synthesizer.Syntheses);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Same(first, await cache.GetAsync("Kommer du?", Languages.Danish, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(61));
        await cache.GetAsync("Ви прийдете?", Languages.Ukrainian, CancellationToken.None);
        Assert.Equal(4, synthesizer.Syntheses); // the Ukrainian one was not used for two hours and was made again
        Assert.Equal(1, cache.Count); // the Danish ones went too
    }

    [SkippableFact]
    public async Task A_nudge_read_aloud_to_5000_people_costs_one_synthesis_per_distinct_text()
    {
        SpeechPrograms.Require();
        await using var h = await ConversationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Speech:Enabled"] = "true" });
        var w = await ParticipationWorld.CreateAsync(h);
        string[] names = [.. Enumerable.Range(0, 50).Select(i => $"Navn{i:00}")];
        await using (var db = h.Db())
        {
            var people = Enumerable.Range(0, 5000).Select(i => new Person
            {
                Channel = ConversationHarness.Channel,
                ExternalId = $"p{i}",
                FirstName = names[i % names.Length],
                Language = Languages.Danish,
                Consent = ConsentState.Given,
                ReadAloud = true,
                CreatedAt = h.Clock.GetUtcNow(),
            }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            db.ActivityMembers.AddRange(people.Select(p => new ActivityMember { ActivityId = w.DinnerId, PersonId = p.Id, JoinedAt = h.Clock.GetUtcNow() }));
            await db.SaveChangesAsync();
        }

        await w.RunUntilAsync(ParticipationKit.Wednesday1700);

        List<OutboxMessage> voices;
        await using (var db = h.Db())
        {
            voices = await db.Outbox.AsNoTracking().Where(o => o.Kind == OutboxKind.Voice).ToListAsync();
        }
        Assert.Equal(5000, voices.Count);
        var distinct = voices.Select(v => v.Text).Distinct().Count();
        Assert.Equal(names.Length, distinct); // "Hej Navn07! Der er Torsdagsmiddag ..." once per first name
        var synthesizer = h.Services.GetRequiredService<SpeechSynthesizer>();
        var cache = h.Services.GetRequiredService<VoiceCache>();
        var clips = new ConcurrentBag<VoiceClip>();

        // As the dispatcher does: many chats at once, each asking the cache for its voice message.
        await Parallel.ForEachAsync(voices, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (voice, ct) =>
            clips.Add(await cache.GetAsync(voice.Text, voice.Language, ct)));

        Assert.Equal(distinct, synthesizer.Syntheses);
        Assert.Equal(5000, clips.Count);
        Assert.Equal(distinct, clips.Distinct().Count());
        Assert.All(clips, c => Assert.True(OggOpus.IsOggOpus(c.Ogg)));
    }
}
