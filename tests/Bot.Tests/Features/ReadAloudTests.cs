using System.Collections.Concurrent;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Speech;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Features;

/// <summary>
/// "Read aloud" under a nudge, a check-in question and the answers to them: pressed, the same text is queued as a voice
/// message; "always read aloud" queues it with the text, held as long as the text is. With real espeak-ng and opusenc.
/// </summary>
public class ReadAloudTests : RunsOnBothDatabases, IAsyncLifetime
{
    private const string ReadAloudDa = "🔊 Læs højt";

    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        SpeechPrograms.Require();
        _h = await ConversationHarness.StartAsync(Provider, new Dictionary<string, string?> { ["Speech:Enabled"] = "true" });
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    private async Task<List<OutboxMessage>> VoicesToAsync(string who)
    {
        await using var db = _h.Db();
        return await db.Outbox.Where(o => o.Address == who && o.Kind == OutboxKind.Voice).OrderBy(o => o.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task The_nudge_offers_Read_aloud_and_a_press_queues_the_same_text_as_a_voice_message()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;
        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen", ReadAloudDa], ParticipationKit.Labels(nudge.ButtonsJson));

        // The button names the message itself: a channel that cannot tell which message was pressed (Telegram a moment
        // before the send is recorded) still reads the right one.
        var payload = Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Single(b => b.Label == ReadAloudDa).Payload;
        Assert.Equal($"r:{nudge.Id}", payload);
        var pressed = await _h.PressPayload("anna", payload, messageId: null);

        Assert.Equal(_h.T(ReadAloudTexts.Coming), pressed.ButtonAnswer);
        Assert.Empty(pressed.Messages);
        var voice = Assert.Single(pressed.Rows);
        Assert.Equal(OutboxKind.Voice, voice.Kind);
        Assert.Equal(nudge.Text, voice.Text);
        Assert.Equal(Languages.Danish, voice.Language);
        Assert.Equal(nudge.PersonId, voice.PersonId);
        // The nudge itself is untouched: its answer buttons still work.
        Assert.Empty(pressed.Edits);
        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 17:30."], (await _h.Press("anna", "Jeg kommer")).Texts);
    }

    [SkippableFact]
    public async Task The_answers_to_a_nudge_and_the_check_in_question_with_its_answer_offer_it_too()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);

        var coming = await _h.Press("anna", "Jeg kommer");
        Assert.Equal([ReadAloudDa], coming.ButtonLabels);

        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 30));
        var question = (await _w.InboxAsync("anna")).Last();
        Assert.Equal(ReadAloudDa, ParticipationKit.Labels(question.ButtonsJson)[^1]);
        var thanks = await _h.Press("anna", "Godt");
        Assert.Equal([_h.T(CheckInTexts.Thanks)], thanks.Texts);
        // Under the answer: an idea is one tap away, then Read aloud.
        Assert.Equal([_h.T(Makker.Features.Ideas.IdeasTexts.ButtonIdea), ReadAloudDa], thanks.ButtonLabels);

        await _h.Press("anna", ReadAloudDa);
        Assert.Equal([_h.T(CheckInTexts.Thanks)], (await VoicesToAsync("anna")).Select(v => v.Text));
    }

    [SkippableFact]
    public async Task A_message_read_aloud_names_whom_the_message_names_so_their_forget_reaches_it_too()
    {
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", "Jeg kommer");
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 30));
        // "I have told Hanne": the answer names the host, and so does its voice message.
        var told = await _h.PressShownAsync("anna", "Jeg vil gerne tale med nogen");
        Assert.Contains("Hanne", told.Texts[0], StringComparison.Ordinal);
        await _h.PressShownAsync("anna", ReadAloudDa);
        var voice = Assert.Single(await VoicesToAsync("anna"));
        Assert.Equal(told.Texts[0], voice.Text);
        await using (var db = _h.Db())
        {
            var hanne = await db.People.SingleAsync(p => p.ExternalId == "hanne");
            Assert.True(await db.OutboxMentions.AnyAsync(m => m.MessageId == voice.Id && m.PersonId == hanne.Id));
        }

        await _h.Send("hanne", "/forget");
        await _h.Press("hanne", "Ja, slet det hele");

        Assert.Empty(await VoicesToAsync("anna"));
    }

    [SkippableFact]
    public async Task The_button_reads_the_message_in_the_language_it_was_written_in()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var nudge = (await _w.LastNudgeAsync("anna"))!;
        await _h.Send("anna", "/language");
        await _h.Press("anna", "English");
        await _h.Press("anna", "Only when I press Read aloud");

        await _h.PressPayload("anna", new ButtonPayload.ReadAloud(nudge.Id).ToString(), nudge.Id);

        var voice = Assert.Single(await VoicesToAsync("anna"));
        Assert.Equal((nudge.Text, Languages.Danish), (voice.Text, voice.Language));
    }

    [SkippableFact]
    public async Task Nobody_can_have_someone_elses_message_read_to_them()
    {
        await _w.JoinAsync("anna");
        await _w.JoinAsync("bo");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var annas = (await _w.LastNudgeAsync("anna"))!;

        var press = await _h.PressPayload("bo", new ButtonPayload.ReadAloud(annas.Id).ToString(), annas.Id);

        Assert.Equal(_h.T(TextKeys.ButtonExpired), press.ButtonAnswer);
        Assert.Empty(await VoicesToAsync("bo"));
        Assert.Empty(await VoicesToAsync("anna"));
    }

    [SkippableFact]
    public async Task Always_read_aloud_sends_the_voice_message_with_the_nudge_held_as_long_as_the_nudge_is()
    {
        await _w.JoinAsync("anna");
        var language = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Language);
        await _h.Send("anna", "/language");
        var asked = await _h.Press("anna", "Dansk");
        Assert.Equal(language.Steps["read_aloud"].Ask!.Da, asked.Last);
        var on = await _h.Press("anna", "🔊 Ja, læs altid højt");
        Assert.Equal([language.Steps["read_aloud_on"].Say!.Da], on.Texts);
        Assert.True((await _h.PersonAsync("anna")).ReadAloud);
        await using (var db = _h.Db())
        {
            // Her quiet hours hold Wednesday's 17:00 nudge until 18:00.
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            anna.QuietFrom = new TimeOnly(16, 0);
            anna.QuietUntil = new TimeOnly(18, 0);
            await db.SaveChangesAsync();
        }
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);

        var rows = await _w.InboxAsync("anna", mark);
        Assert.Equal([OutboxKind.Message, OutboxKind.Voice], rows.Select(r => r.Kind));
        var (nudge, voice) = (rows[0], rows[1]);
        Assert.Equal(nudge.Text, voice.Text);
        Assert.Equal(ParticipationWorld.Local(2026, 11, 25, 18), nudge.NotBefore);
        Assert.Equal(nudge.NotBefore, voice.NotBefore);
        Assert.DoesNotContain(ReadAloudDa, ParticipationKit.Labels(nudge.ButtonsJson));
    }

    [SkippableFact]
    public async Task Without_espeak_there_is_no_button_no_question_about_it_and_one_log_line_saying_how_to_install_it()
    {
        var logs = new ListLogger();
        await using var h = await ConversationHarness.StartAsync(Provider, new Dictionary<string, string?>
        {
            ["Speech:Enabled"] = "true",
            ["Speech:EspeakPath"] = "/nonexistent/espeak-ng",
        }, s => s.AddSingleton<ILoggerProvider>(logs));
        var w = await ParticipationWorld.CreateAsync(h);
        await w.JoinAsync("anna");
        await w.JoinAsync("bo");

        await w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await h.Send("anna", "/language");
        var chosen = await h.Press("anna", "Dansk");

        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen"], ParticipationKit.Labels((await w.LastNudgeAsync("anna"))!.ButtonsJson));
        Assert.Equal(["Fint, jeg skriver på dansk fra nu af."], chosen.Texts);
        Assert.Single(logs.Lines, l => l.Contains(SpeechSynthesizer.InstallHint, StringComparison.Ordinal));
    }
}

public sealed class ReadAloudTestsOnPostgres : ReadAloudTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

/// <summary>Every log line at Information and above, as text.</summary>
internal sealed class ListLogger : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLogger owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
