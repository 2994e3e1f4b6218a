using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Conversations;

public class DialogFlowTests : RunsOnBothDatabases, IAsyncLifetime
{
    /// <summary>Telegram's limit for one message; a longer reply would be refused by the channel.</summary>
    private const int MaxMessageLength = 4096;

    private ConversationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        await _h.ConsentAsync("anna");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language = Languages.Danish) => _h.T(key, language);

    [SkippableFact]
    public async Task Stray_text_during_a_button_question_gets_a_gentle_reprompt_with_fresh_buttons()
    {
        var ask = await _h.Send("anna", "/pause");
        var oldPrompt = Assert.Single(ask.Messages);

        var replies = await _h.Send("anna", "måske en uge eller to?");

        Assert.Equal(2, replies.Messages.Count);
        Assert.Equal(T(TextKeys.ButtonUseButtons), replies.Texts[0]);
        Assert.Equal(oldPrompt.Text, replies.Texts[1]);
        Assert.Equal(["1 uge", "2 uger", "Til jeg siger til", "Ingen pause alligevel"], replies.ButtonLabels);
        // The old buttons go quiet: the old message is edited to its text without buttons.
        var strip = Assert.Single(replies.Edits);
        Assert.Equal(oldPrompt.Id, strip.EditsMessageId);
        Assert.Equal(oldPrompt.Text, strip.Text);
        Assert.Null(strip.ButtonsJson);
        Assert.NotEqual(oldPrompt.ButtonsJson, replies.Messages[1].ButtonsJson);

        var paused = await _h.Press("anna", "2 uger");
        Assert.Contains("Nyd pausen", paused.Last);
    }

    [SkippableFact]
    public async Task Stray_text_twice_strips_the_latest_buttons_each_time()
    {
        await _h.Send("anna", "/pause");
        var first = await _h.Send("anna", "hmm");
        var second = await _h.Send("anna", "hmm igen");

        var strip = Assert.Single(second.Edits);
        Assert.Equal(first.Messages[^1].Id, strip.EditsMessageId);
        Assert.Null(strip.ButtonsJson);
    }

    [SkippableFact]
    public async Task Stray_text_during_the_consent_question_asks_it_again()
    {
        await _h.Send("bo", "/start");

        var replies = await _h.Send("bo", "hvad betyder det?");

        Assert.Equal(T(TextKeys.ButtonUseButtons), replies.Texts[0]);
        Assert.Contains("Er det i orden?", replies.Last);
        Assert.Equal(["Ja, det er fint", "Nej tak", "🌍 Let dansk eller et andet sprog"], replies.ButtonLabels);
        await using var db = _h.Db();
        Assert.Equal(ConsentState.Unknown, (await db.People.SingleAsync(p => p.ExternalId == "bo")).Consent);
    }

    [SkippableTheory]
    [InlineData("/start", "Er det i orden?")]
    [InlineData("/pause", "Hvor længe vil du have en pause")]
    [InlineData("/language", "Hvilket sprog vil du have?")]
    [InlineData("/forget", "Vil du have, at jeg sletter alt")]
    public async Task Cancel_leaves_the_dialog_says_so_and_changes_nothing(string command, string question)
    {
        var who = command == "/start" ? "bo" : "anna";
        var ask = await _h.Send(who, command);
        Assert.Contains(question, ask.Last);
        var before = await PersonAsync(who);

        var replies = await _h.Send(who, "/cancel");

        Assert.Equal([T(TextKeys.CancelDone)], replies.Texts);
        var after = await PersonAsync(who);
        Assert.Equal(before.Consent, after.Consent);
        Assert.Equal(before.Language, after.Language);
        Assert.Equal(before.FirstName, after.FirstName);
        Assert.Equal(before.PausedUntil, after.PausedUntil);
        Assert.Equal(before.PausedIndefinitely, after.PausedIndefinitely);
        await using var db = _h.Db();
        Assert.False(await db.DialogStates.AnyAsync(s => s.PersonId == after.Id));

        var again = await _h.Send(who, "/cancel");
        Assert.Equal(T(TextKeys.CancelNothing), again.Last);
    }

    [SkippableFact]
    public async Task Cancel_leaves_every_dialog_on_the_stack()
    {
        await _h.Send("anna", "/pause");
        await _h.Send("anna", "/language");

        var replies = await _h.Send("anna", "/cancel");

        Assert.Equal([T(TextKeys.CancelDone)], replies.Texts);
        Assert.Empty(replies.ButtonLabels);
        await using var db = _h.Db();
        Assert.Empty(await db.DialogStates.ToListAsync());
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        Assert.Equal("da", anna.Language);
        Assert.Null(anna.PausedUntil);
    }

    [SkippableFact]
    public async Task An_unknown_command_in_the_middle_of_a_question_replies_friendly_and_asks_again()
    {
        var ask = await _h.Send("anna", "/pause");

        var replies = await _h.Send("anna", "/ferie");

        Assert.Equal(2, replies.Messages.Count);
        Assert.Contains("Jeg kender ikke /ferie", replies.Texts[0]);
        Assert.Equal(ask.Last, replies.Last);
        Assert.Contains("1 uge", replies.ButtonLabels);
        var strip = Assert.Single(replies.Edits);
        Assert.Equal(ask.Messages[^1].Id, strip.EditsMessageId);
        var paused = await _h.Press("anna", "1 uge");
        Assert.Contains("Nyd pausen", paused.Last);
    }

    [SkippableFact]
    public async Task After_a_restart_in_the_middle_of_a_question_the_same_buttons_still_work()
    {
        await _h.Send("anna", "/pause");

        await _h.RestartAsync();
        var replies = await _h.Press("anna", "Til jeg siger til");

        Assert.Contains("før du skriver /resume", replies.Last);
        await using var db = _h.Db();
        Assert.True((await db.People.SingleAsync(p => p.ExternalId == "anna")).PausedIndefinitely);
        Assert.Empty(await db.DialogStates.ToListAsync());
    }

    [SkippableFact]
    public async Task After_a_restart_during_onboarding_the_consent_question_continues()
    {
        await _h.Send("bo", "/start");

        await _h.RestartAsync();
        var stray = await _h.Send("bo", "hallo?");
        Assert.Contains("Er det i orden?", stray.Last);
        var replies = await _h.Press("bo", "Ja, det er fint");

        Assert.Contains("Tak, Bo! Du er klar.", replies.Last);
        await using var db = _h.Db();
        Assert.Equal(ConsentState.Given, (await db.People.SingleAsync(p => p.ExternalId == "bo")).Consent);
    }

    [SkippableFact]
    public async Task After_a_restart_a_question_asked_on_top_of_another_comes_back_in_order()
    {
        await _h.Send("anna", "/pause");
        await _h.Send("anna", "/language");

        await _h.RestartAsync();
        var language = await _h.Press("anna", "English");
        Assert.Contains("How long would you like a break", language.Last);
        var paused = await _h.Press("anna", "1 week");

        Assert.Contains("Enjoy the break", paused.Last);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task A_blank_message_in_the_middle_of_a_question_gets_the_same_gentle_reprompt(string text)
    {
        await _h.Send("anna", "/pause");

        var replies = await _h.Send("anna", text);

        Assert.Equal(T(TextKeys.ButtonUseButtons), replies.Texts[0]);
        Assert.Contains("Hvor længe vil du have en pause", replies.Last);
    }

    [SkippableFact]
    public async Task An_overlong_text_in_the_middle_of_a_question_is_handled_like_any_stray_text()
    {
        await _h.Send("anna", "/pause");

        var replies = await _h.Send("anna", new string('a', 10_000));

        Assert.Equal(T(TextKeys.ButtonUseButtons), replies.Texts[0]);
        Assert.Contains("Hvor længe vil du have en pause", replies.Last);
        Assert.All(replies.Rows, r => Assert.InRange(r.Text.Length, 1, MaxMessageLength));
    }

    [SkippableFact]
    public async Task An_overlong_text_outside_a_dialog_gets_the_short_help()
    {
        var replies = await _h.Send("anna", string.Concat(Enumerable.Repeat("blå bær 🫐 ", 2_000)));

        Assert.Equal(T(TextKeys.Unknown), replies.Last);
        Assert.All(replies.Rows, r => Assert.InRange(r.Text.Length, 1, MaxMessageLength));
    }

    [SkippableFact]
    public async Task An_overlong_first_message_gets_the_welcome()
    {
        var replies = await _h.Send("bo", new string('x', ConversationEngine.MaxIncomingTextLength + 1));

        Assert.StartsWith("Hej Bo!", replies.Texts[0]);
        Assert.All(replies.Rows, r => Assert.InRange(r.Text.Length, 1, MaxMessageLength));
    }

    [SkippableTheory]
    [InlineData(100)]
    [InlineData(5_000)]
    public async Task An_overlong_unknown_command_gets_a_friendly_reply_that_still_fits_in_one_message(int length)
    {
        await _h.Send("anna", "/pause");

        var replies = await _h.Send("anna", "/" + new string('x', length));

        Assert.Contains("Jeg kender ikke /xxx", replies.Texts[0]);
        Assert.Contains("Hvor længe vil du have en pause", replies.Last);
        Assert.All(replies.Rows, r => Assert.InRange(r.Text.Length, 1, MaxMessageLength));
        // The reply quotes the command, not a wall of text.
        Assert.True(replies.Texts[0].Length < 120, $"the reply is {replies.Texts[0].Length} characters long");
    }

    private async Task<Person> PersonAsync(string who)
    {
        await using var db = _h.Db();
        return await db.People.AsNoTracking().SingleAsync(p => p.ExternalId == who);
    }
}

public sealed class DialogFlowTestsOnPostgres : DialogFlowTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
