using System.Text;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Conversations;

public class ButtonTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        await _h.ConsentAsync("anna");
        await _h.ConsentAsync("bo");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language = Languages.Danish) => _h.T(key, language);

    [SkippableFact]
    public async Task Pressing_the_same_button_twice_says_it_was_already_answered_and_has_no_second_effect()
    {
        await _h.Send("anna", "/pause");
        var (messageId, button) = await _h.FindButtonAsync("anna", "1 uge");
        var pressedAt = _h.Clock.GetUtcNow();
        var first = await _h.PressPayload("anna", button.Payload, messageId);
        Assert.Contains("Nyd pausen", first.Last);

        _h.Clock.Advance(TimeSpan.FromDays(2));
        var second = await _h.PressPayload("anna", button.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonAlreadyPressed), second.ButtonAnswer);
        Assert.Empty(second.Rows);
        await using var db = _h.Db();
        Assert.Equal(pressedAt.AddDays(7), (await db.People.SingleAsync(p => p.ExternalId == "anna")).PausedUntil);
    }

    [SkippableFact]
    public async Task Pressing_another_button_of_an_answered_question_changes_nothing()
    {
        await _h.Send("anna", "/pause");
        var (messageId, twoWeeks) = await _h.FindButtonAsync("anna", "2 uger");
        await _h.Press("anna", "1 uge");

        var late = await _h.PressPayload("anna", twoWeeks.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonAlreadyPressed), late.ButtonAnswer);
        Assert.Empty(late.Rows);
        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        Assert.Equal(_h.Clock.GetUtcNow().AddDays(7), anna.PausedUntil);
        var tokenId = Assert.IsType<ButtonPayload.Choice>(ButtonPayload.Parse(twoWeeks.Payload)).Token;
        var token = await db.ButtonTokens.SingleAsync(t => t.Token == tokenId);
        Assert.Equal("week1", token.UsedChoice);
    }

    [SkippableFact]
    public async Task A_button_from_someone_elses_conversation_is_refused_and_changes_nothing_for_either()
    {
        await _h.Send("anna", "/pause");
        await _h.Send("bo", "/language");
        var (messageId, button) = await _h.FindButtonAsync("anna", "1 uge");
        var before = await SnapshotAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(5));

        var replies = await _h.PressPayload("bo", button.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonNotYours), replies.ButtonAnswer);
        Assert.Empty(replies.Rows);
        var after = await SnapshotAsync();
        Assert.Equal(before.People, after.People);
        Assert.Equal(before.States, after.States);
        Assert.Equal(before.Tokens, after.Tokens);
        Assert.Equal(before.OutboxCount, after.OutboxCount);

        // Anna's question is untouched and still works for her, and Bo's own question still works for him.
        var annas = await _h.Press("anna", "1 uge");
        Assert.Contains("Nyd pausen", annas.Last);
        var bos = await _h.Press("bo", "English");
        Assert.Contains("I'll write in English", bos.Last);
    }

    [SkippableFact]
    public async Task A_stranger_pressing_someone_elses_button_is_refused_and_not_stored()
    {
        await _h.Send("anna", "/pause");
        var (messageId, button) = await _h.FindButtonAsync("anna", "1 uge");
        var before = await SnapshotAsync();

        var replies = await _h.PressPayload("eve", button.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonNotYours), replies.ButtonAnswer);
        var after = await SnapshotAsync();
        Assert.Equal(before.People, after.People);
        Assert.Equal(before.States, after.States);
        Assert.Equal(before.Tokens, after.Tokens);
        Assert.Equal(before.OutboxCount, after.OutboxCount);
    }

    [SkippableFact]
    public async Task A_button_replaced_by_a_reprompt_is_stale_and_does_nothing()
    {
        await _h.Send("anna", "/pause");
        var (oldMessageId, oldButton) = await _h.FindButtonAsync("anna", "1 uge");
        await _h.Send("anna", "hmm");

        var replies = await _h.PressPayload("anna", oldButton.Payload, oldMessageId);

        Assert.Equal(T(TextKeys.ButtonExpired), replies.ButtonAnswer);
        Assert.Contains(T(TextKeys.ButtonExpired), replies.Texts);
        await using (var db = _h.Db())
        {
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            Assert.Null(anna.PausedUntil);
            Assert.False(anna.PausedIndefinitely);
        }
        // The question is still open, asked again with buttons that work.
        Assert.Contains("Hvor længe vil du have en pause", replies.Last);
        var (newMessageId, newButton) = await _h.FindButtonAsync("anna", "1 uge");
        Assert.NotEqual(oldButton.Payload, newButton.Payload);
        var paused = await _h.PressPayload("anna", newButton.Payload, newMessageId);
        Assert.Contains("Nyd pausen", paused.Last);
    }

    [SkippableFact]
    public async Task A_button_from_a_cancelled_question_is_stale_and_does_nothing()
    {
        await _h.Send("anna", "/pause");
        var (messageId, button) = await _h.FindButtonAsync("anna", "Til jeg siger til");
        await _h.Send("anna", "/cancel");

        var replies = await _h.PressPayload("anna", button.Payload, messageId);

        Assert.Equal(T(TextKeys.ButtonExpired), replies.ButtonAnswer);
        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        Assert.False(anna.PausedIndefinitely);
        Assert.Null(anna.PausedUntil);
        Assert.False(await db.DialogStates.AnyAsync(s => s.PersonId == anna.Id));
        // The old message loses its buttons.
        var edit = Assert.Single(replies.Edits);
        Assert.Equal(messageId, edit.EditsMessageId);
        Assert.Null(edit.ButtonsJson);
    }

    public static TheoryData<string> MalformedPayloads => new()
    {
        "garbage",
        "",
        " ",
        "t:short:x",
        "t:ABCDEFGHIJ:",
        "t::week1",
        "t:ABCDEFGHIJ:week1:extra",
        "t:ÆØÅÆØÅÆØÅÆ:week1",
        "t:ABCDEFGHIJ:" + new string('x', 17),
        "t:ABCDEFGHIJ:week1",
        "c:",
        "c:Pause",
        "c:pause now",
        "x:pause",
        ":::",
        "\0",
        new string('t', 65),
        "t:ABCDEFGHIJ:" + new string('x', 5000),
    };

    [SkippableTheory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task A_malformed_button_payload_gets_a_friendly_reply_and_changes_nothing(string payload)
    {
        await _h.Send("anna", "/pause");
        var (messageId, _) = await _h.FindButtonAsync("anna", "1 uge");

        var replies = await _h.PressPayload("anna", payload, messageId);

        Assert.Equal(T(TextKeys.ButtonExpired), replies.ButtonAnswer);
        await using (var db = _h.Db())
        {
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            Assert.Null(anna.PausedUntil);
            Assert.False(anna.PausedIndefinitely);
            Assert.Null((await db.ButtonTokens.SingleAsync(t => t.MessageId == messageId)).UsedAt);
        }
        // Still in the same question, which works.
        var paused = await _h.Press("anna", "1 uge");
        Assert.Contains("Nyd pausen", paused.Last);
    }

    [SkippableTheory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task A_malformed_button_payload_from_a_stranger_gets_a_friendly_reply_and_stores_nothing(string payload)
    {
        var peopleBefore = await CountPeopleAsync();

        var replies = await _h.PressPayload("eve", payload, messageId: null);

        Assert.Equal(T(TextKeys.ButtonExpired), replies.ButtonAnswer);
        Assert.All(replies.Rows, r => Assert.True(r.DeleteWhenSent));
        Assert.All(replies.Rows, r => Assert.Null(r.PersonId));
        Assert.Equal(peopleBefore, await CountPeopleAsync());
    }

    [SkippableFact]
    public async Task A_command_button_for_a_command_that_does_not_exist_gets_the_friendly_unknown_command_line()
    {
        var replies = await _h.PressPayload("anna", "c:nosuchthing", messageId: null);

        Assert.Contains("Jeg kender ikke /nosuchthing", replies.Last);
    }

    [SkippableFact]
    public async Task Every_button_payload_the_bot_sends_fits_in_64_bytes_and_can_be_read_back()
    {
        // Several flows in both languages, so every kind of button the bot makes is in the outbox.
        await _h.Send("cleo", "hej", language: "en");
        await _h.Press("cleo", "Yes, that's fine", language: "en");
        foreach (var who in new[] { "anna", "cleo" })
        {
            await _h.Send(who, "/help");
            await _h.Send(who, "/pause");
            await _h.Send(who, "stray text");
            await _h.Send(who, "/nosuchcommand");
            await _h.Send(who, "/language");
            await _h.Send(who, "/cancel");
            await _h.Send(who, "/cancel");
            await _h.Send(who, "/mydata");
            await _h.Send(who, "/forget");
            await _h.Send(who, "/resume");
        }
        await _h.Send("dan", "/start");
        await _h.Press("dan", "Nej tak");
        await _h.Send("dan", "/pause");
        await _h.Send("dan", "/mydata");
        await _h.Send("dan", "hvad så?");

        await using var db = _h.Db();
        var payloads = (await db.Outbox.Where(o => o.ButtonsJson != null).Select(o => o.ButtonsJson).ToListAsync())
            .SelectMany(json => Replies.ParseButtons(json)).SelectMany(row => row).Select(b => b.Payload).ToList();

        Assert.True(payloads.Count > 30, $"only {payloads.Count} payloads were produced");
        Assert.Contains(payloads, p => ButtonPayload.Parse(p) is ButtonPayload.Choice);
        Assert.Contains(payloads, p => ButtonPayload.Parse(p) is ButtonPayload.Command);
        Assert.All(payloads, p =>
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 64);
            var parsed = ButtonPayload.Parse(p);
            Assert.NotNull(parsed);
            Assert.Equal(p, parsed.ToString());
        });
    }

    [SkippableFact]
    public async Task Two_presses_of_the_same_button_at_the_same_time_take_effect_exactly_once()
    {
        await _h.Send("anna", "/pause");
        var (messageId, button) = await _h.FindButtonAsync("anna", "1 uge");
        long before;
        await using (var db = _h.Db())
        {
            before = await db.Outbox.MaxAsync(o => o.Id);
        }
        IncomingMessage Press() => new(ConversationHarness.Key("anna"), _h.Clock.GetUtcNow())
        {
            ButtonPayload = button.Payload,
            ButtonMessageId = messageId,
            FirstName = "Anna",
            LanguageHint = "da",
        };

        var results = await Task.WhenAll(_h.Engine.HandleAsync(Press()), _h.Engine.HandleAsync(Press()));

        Assert.Single(results, r => r.ButtonAnswer == T(TextKeys.ButtonAlreadyPressed));
        Assert.Single(results, r => r.ButtonAnswer is null);
        await using (var db = _h.Db())
        {
            var rows = await db.Outbox.Where(o => o.Id > before).ToListAsync();
            Assert.Single(rows, r => r.Text.Contains("Nyd pausen"));
            Assert.Single(rows, r => r.EditsMessageId == messageId);
            Assert.Equal(_h.Clock.GetUtcNow().AddDays(7), (await db.People.SingleAsync(p => p.ExternalId == "anna")).PausedUntil);
        }
    }

    [SkippableFact]
    public async Task Two_different_buttons_of_one_question_pressed_at_the_same_time_take_effect_exactly_once()
    {
        await _h.Send("anna", "/pause");
        var (messageId, oneWeek) = await _h.FindButtonAsync("anna", "1 uge");
        var (_, open) = await _h.FindButtonAsync("anna", "Til jeg siger til");
        IncomingMessage Press(Button b) => new(ConversationHarness.Key("anna"), _h.Clock.GetUtcNow())
        {
            ButtonPayload = b.Payload,
            ButtonMessageId = messageId,
            FirstName = "Anna",
            LanguageHint = "da",
        };

        var results = await Task.WhenAll(_h.Engine.HandleAsync(Press(oneWeek)), _h.Engine.HandleAsync(Press(open)));

        Assert.Single(results, r => r.ButtonAnswer == T(TextKeys.ButtonAlreadyPressed));
        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        var token = await db.ButtonTokens.SingleAsync(t => t.MessageId == messageId);
        Assert.Equal(token.UsedChoice == "open", anna.PausedIndefinitely);
        Assert.Equal(token.UsedChoice == "week1", anna.PausedUntil is not null);
    }

    private async Task<int> CountPeopleAsync()
    {
        await using var db = _h.Db();
        return await db.People.CountAsync();
    }

    private sealed record Snapshot(string People, string States, string Tokens, int OutboxCount);

    /// <summary>Everything a press could change, as comparable text (not when someone was last seen).</summary>
    private async Task<Snapshot> SnapshotAsync()
    {
        await using var db = _h.Db();
        var people = await db.People.OrderBy(p => p.Id).ToListAsync();
        var states = await db.DialogStates.OrderBy(s => s.PersonId).ToListAsync();
        var tokens = await db.ButtonTokens.OrderBy(t => t.Token).ToListAsync();
        return new Snapshot(
            string.Join("\n", people.Select(p => $"{p.Id} {p.ExternalId} {p.FirstName} {p.Language} {p.Consent} {p.PausedUntil} {p.PausedIndefinitely} {p.Unreachable}")),
            string.Join("\n", states.Select(s => $"{s.PersonId} {s.FramesJson}")),
            string.Join("\n", tokens.Select(t => $"{t.Token} {t.PersonId} {t.MessageId} {t.UsedAt} {t.UsedChoice}")),
            await db.Outbox.CountAsync());
    }
}

public sealed class ButtonTestsOnPostgres : ButtonTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
