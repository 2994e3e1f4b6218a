using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features;

public class PreferencesTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        await _h.ConsentAsync("anna");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Pause_for_one_week_holds_reminders_until_a_date_and_says_which()
    {
        var ask = await _h.Send("anna", "/pause");
        Assert.Equal(["1 uge", "2 uger", "Til jeg siger til", "Ingen pause alligevel"], ask.ButtonLabels);

        var replies = await _h.Press("anna", "1 uge");

        // 24 Nov 2026 + 7 days, in Copenhagen.
        Assert.Contains("Du får ingen påmindelser før tirsdag den 1. december", replies.Last);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync();
        Assert.Equal(_h.Clock.GetUtcNow().AddDays(7), person.PausedUntil);
        Assert.False(person.PausedIndefinitely);
    }

    [SkippableFact]
    public async Task Pause_for_two_weeks()
    {
        await _h.Send("anna", "/pause");
        await _h.Press("anna", "2 uger");

        await using var db = _h.Db();
        Assert.Equal(_h.Clock.GetUtcNow().AddDays(14), (await db.People.SingleAsync()).PausedUntil);
    }

    [SkippableFact]
    public async Task Pause_until_I_say_then_resume()
    {
        await _h.Send("anna", "/pause");
        var paused = await _h.Press("anna", "Til jeg siger til");
        Assert.Contains("før du skriver /resume", paused.Last);
        await using (var db = _h.Db())
        {
            Assert.True((await db.People.SingleAsync()).PausedIndefinitely);
        }

        var help = await _h.Send("anna", "/help");
        Assert.Contains("Påmindelser igen", help.ButtonLabels);

        var resumed = await _h.Send("anna", "/resume");
        Assert.Contains("Velkommen tilbage", resumed.Last);
        await using (var db = _h.Db())
        {
            var person = await db.People.SingleAsync();
            Assert.False(person.PausedIndefinitely);
            Assert.Null(person.PausedUntil);
        }
    }

    [SkippableFact]
    public async Task Resume_without_a_pause_just_says_reminders_are_on()
    {
        var replies = await _h.Send("anna", "/resume");

        Assert.Contains("Du har ikke pause", replies.Last);
    }

    [SkippableFact]
    public async Task Changing_ones_mind_about_the_pause_changes_nothing()
    {
        await _h.Send("anna", "/pause");
        var replies = await _h.Press("anna", "Ingen pause alligevel");

        Assert.Contains("Påmindelserne fortsætter", replies.Last);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync();
        Assert.Null(person.PausedUntil);
        Assert.False(person.PausedIndefinitely);
    }

    [SkippableFact]
    public async Task Language_switches_every_following_text_to_English()
    {
        await _h.Send("anna", "/language");
        var done = await _h.Press("anna", "English");

        Assert.Contains("I'll write in English from now on", done.Last);
        var help = await _h.Send("anna", "/help");
        Assert.Contains("Here's what I can help with", help.Last);
        await using var db = _h.Db();
        Assert.Equal("en", (await db.People.SingleAsync()).Language);
    }

    [SkippableFact]
    public async Task Language_in_the_middle_of_a_question_asks_that_question_again_in_the_new_language()
    {
        await _h.Send("anna", "/pause");
        await _h.Send("anna", "/language");
        var replies = await _h.Press("anna", "English");

        Assert.Contains("How long would you like a break", replies.Last);
        var paused = await _h.Press("anna", "2 weeks");
        Assert.Contains("Enjoy the break", paused.Last);
    }
}

public sealed class PreferencesTestsOnPostgres : PreferencesTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
