using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features;

public class OnboardingTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync() => _h = await ConversationHarness.StartAsync(Provider);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Start_greets_in_Danish_explains_what_is_stored_and_asks_for_consent()
    {
        var replies = await _h.Send("anna", "/start");

        Assert.Equal(2, replies.Messages.Count);
        Assert.StartsWith("Hej Anna!", replies.Texts[0]);
        Assert.Contains("Jeg gemmer dit fornavn", replies.Texts[1]);
        Assert.Contains("/forget", replies.Texts[1]);
        Assert.Equal(["Ja, det er fint", "Nej tak", "🌍 Let dansk eller et andet sprog"], replies.ButtonLabels);
    }

    [SkippableFact]
    public async Task Start_speaks_English_when_the_channel_says_the_person_reads_English()
    {
        var replies = await _h.Send("sam", "/start", language: "en-GB");

        Assert.StartsWith("Hi Sam!", replies.Texts[0]);
        Assert.Equal(["Yes, that's fine", "No thanks", "🌍 Easy Danish or another language"], replies.ButtonLabels);
    }

    [SkippableFact]
    public async Task Nothing_but_the_id_is_stored_before_consent()
    {
        await _h.Send("anna", "/start");

        await using var db = _h.Db();
        var person = await db.People.SingleAsync();
        Assert.Equal("anna", person.ExternalId);
        Assert.Null(person.FirstName);
        Assert.Null(person.Language);
        Assert.Equal(ConsentState.Unknown, person.Consent);
    }

    [SkippableFact]
    public async Task Consent_stores_first_name_and_language_and_says_what_comes_next()
    {
        await _h.Send("anna", "/start");
        var replies = await _h.Press("anna", "Ja, det er fint");

        Assert.Contains("Tak, Anna! Du er klar.", replies.Last);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync();
        Assert.Equal(ConsentState.Given, person.Consent);
        Assert.Equal("Anna", person.FirstName);
        Assert.Equal("da", person.Language);
        Assert.Equal(_h.Clock.GetUtcNow(), person.ConsentChangedAt);
        Assert.Empty(await db.DialogStates.ToListAsync());
    }

    [SkippableFact]
    public async Task Refusal_keeps_only_the_id_and_the_refusal_and_says_how_to_change_ones_mind()
    {
        await _h.Send("karim", "/language");
        await _h.Press("karim", "English");
        await _h.Send("karim", "/start");
        var replies = await _h.Press("karim", "No thanks");

        Assert.Contains("If you change your mind, just write /start", replies.Last);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync();
        Assert.Equal(ConsentState.Refused, person.Consent);
        Assert.Null(person.FirstName);
        Assert.Null(person.Language);
        Assert.Empty(await db.DialogStates.ToListAsync());
        Assert.Empty(await db.CommunityMembers.ToListAsync());
    }

    [SkippableFact]
    public async Task After_a_refusal_the_bot_is_gentle_and_start_asks_again()
    {
        await _h.Send("karim", "/start");
        await _h.Press("karim", "Nej tak");

        var text = await _h.Send("karim", "hej");
        Assert.Contains("Jeg skal have dit ja", text.Last);
        Assert.Equal(["Kom i gang"], text.ButtonLabels);

        var pause = await _h.Send("karim", "/pause");
        Assert.Contains("Jeg skal have dit ja", pause.Last);

        var again = await _h.Press("karim", "Kom i gang");
        Assert.Contains("Er det i orden?", again.Last);
        await _h.Press("karim", "Ja, det er fint");
        await using var db = _h.Db();
        Assert.Equal(ConsentState.Given, (await db.People.SingleAsync()).Consent);
    }

    [SkippableFact]
    public async Task Writing_before_start_gets_the_same_welcome()
    {
        var replies = await _h.Send("lise", "hej med dig");

        Assert.StartsWith("Hej Lise!", replies.Texts[0]);
        Assert.Contains("Er det i orden?", replies.Last);
    }

    [SkippableFact]
    public async Task Start_again_after_consent_welcomes_back_without_asking_again()
    {
        await _h.ConsentAsync("anna");

        var replies = await _h.Send("anna", "/start");

        Assert.Single(replies.Messages);
        Assert.StartsWith("Hej igen, Anna!", replies.Last);
    }

    [SkippableFact]
    public async Task Unknown_text_after_consent_gets_short_help_with_a_button()
    {
        await _h.ConsentAsync("anna");

        var replies = await _h.Send("anna", "hvad er klokken?");

        Assert.Contains("Det forstod jeg ikke helt", replies.Last);
        Assert.Equal(["Hjælp"], replies.ButtonLabels);
        var help = await _h.Press("anna", "Hjælp");
        Assert.Contains("/pause", help.Last);
        Assert.Contains("Tag en pause", help.ButtonLabels);
    }

    [SkippableFact]
    public async Task An_unknown_command_gets_a_friendly_line_never_an_error()
    {
        await _h.ConsentAsync("anna");

        var replies = await _h.Send("anna", "/frobnicate now");

        Assert.Contains("Jeg kender ikke /frobnicate", replies.Last);
    }
}

public sealed class OnboardingTestsOnPostgres : OnboardingTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
