using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Participation;

/// <summary>The host briefing three hours before, the updates after it, and /today.</summary>
public class BriefingTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    // The second week's dinner: Thursday 3 December 2026.
    private static readonly DateTimeOffset Week2Wednesday1700 = ParticipationWorld.Local(2026, 12, 2, 17);
    private static readonly DateTimeOffset Week2Thursday1430 = ParticipationWorld.Local(2026, 12, 3, 14, 30);

    private static readonly string[] Hosts = ["hanne", "henrik"];

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        await _w.MakeHostAsync("henrik");
        foreach (var who in new[] { "anna", "bo", "carl", "dora" })
        {
            await _w.JoinAsync(who);
        }
        await _w.MakeBuddyAsync("eva");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    /// <summary>Answers a nudge a minute after the last answer, so the order of answers is known.</summary>
    private async Task<Replies> AnswerAsync(string who, string labelKey)
    {
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        return await _h.PressShownAsync(who, T(labelKey));
    }

    private async Task<List<string>> HostTextsAsync(long afterId = 0)
    {
        var texts = new List<string>();
        foreach (var host in Hosts)
        {
            texts.AddRange((await _w.InboxAsync(host, afterId)).Select(m => m.Text));
        }
        return texts;
    }

    /// <summary>Week one: only Anna comes. Week two: Anna again, Bo for the first time, Dora with Eva, Carl not today.</summary>
    private async Task TwoWeeksAsync()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        await _w.RunUntilAsync(ParticipationKit.Thursday1730.AddHours(3));

        await _w.RunUntilAsync(Week2Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        await AnswerAsync("bo", ParticipationTexts.ButtonComing);
        await AnswerAsync("carl", ParticipationTexts.ButtonNotToday);
        await AnswerAsync("dora", ParticipationTexts.ButtonWithSomeone);
        await _h.Press("eva", T(ParticipationTexts.ButtonCompanyYes));
    }

    [SkippableFact]
    public async Task Each_host_gets_one_briefing_with_names_first_timers_buddies_and_only_the_number_of_not_todays()
    {
        await TwoWeeksAsync();
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(Week2Thursday1430);

        const string expected = "Torsdagsmiddag i dag kl. 17:30\n"
            + "Kommer: 3 (Anna, Bo, Dora)\n"
            + "Første gang: Bo, Dora. Sig gerne hej!\n"
            + "Kommer med følgeskab: Dora med Eva\n"
            + "Ikke i dag: 1";
        foreach (var host in Hosts)
        {
            var briefing = Assert.Single(await _w.InboxAsync(host, mark));
            Assert.Equal(expected, briefing.Text);
            Assert.Equal(Week2Thursday1430, briefing.CreatedAt);
        }
        // Carl said not today: no host ever sees his name, in any week.
        Assert.DoesNotContain(await HostTextsAsync(), t => t.Contains("Carl", StringComparison.Ordinal));
        // The participants themselves get nothing at the briefing.
        foreach (var who in new[] { "anna", "bo", "carl", "dora", "eva" })
        {
            Assert.Empty(await _w.InboxAsync(who, mark));
        }
    }

    [SkippableFact]
    public async Task The_first_briefing_counts_everyone_as_new_and_names_who_would_like_a_welcome()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        await AnswerAsync("bo", ParticipationTexts.ButtonWithSomeone);
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);

        var briefing = Assert.Single(await _w.InboxAsync("hanne", mark));
        Assert.Equal("Torsdagsmiddag i dag kl. 17:30\n"
            + "Kommer: 2 (Anna, Bo)\n"
            + "Første gang: Anna, Bo. Sig gerne hej!\n"
            + "Vil gerne tages imod ved døren: Bo", briefing.Text);
    }

    [SkippableFact]
    public async Task Pairs_are_listed_in_the_order_people_asked_for_company_whoever_said_yes_first()
    {
        await _w.MakeBuddyAsync("frida");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("dora", ParticipationTexts.ButtonWithSomeone);
        await AnswerAsync("bo", ParticipationTexts.ButtonWithSomeone);
        // Frida says yes to Bo (the newest ask), then Eva to Dora's earlier one.
        await _h.Press("frida", T(ParticipationTexts.ButtonCompanyYes));
        var toDora = (await _w.InboxAsync("eva")).First(m => m.Text.StartsWith("Nogen vil gerne følges med nogen", StringComparison.Ordinal));
        var yes = Replies.ParseButtons(toDora.ButtonsJson).SelectMany(row => row).Single(b => b.Label == T(ParticipationTexts.ButtonCompanyYes));
        await _h.PressPayload("eva", yes.Payload, toDora.Id);
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);

        var briefing = Assert.Single(await _w.InboxAsync("hanne", mark)).Text.Split('\n');
        Assert.Contains("Kommer: 2 (Dora, Bo)", briefing);
        Assert.Equal("Kommer med følgeskab: Dora med Eva, Bo med Frida", briefing.Single(l => l.StartsWith("Kommer med", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Nobody_coming_yet_is_said_plainly()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("carl", ParticipationTexts.ButtonNotToday);
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);

        var briefing = Assert.Single(await _w.InboxAsync("hanne", mark));
        Assert.Equal("Torsdagsmiddag i dag kl. 17:30\n" + T(ParticipationTexts.BriefingComingNone) + "\nIkke i dag: 1", briefing.Text);
        Assert.DoesNotContain("Carl", briefing.Text);
    }

    [SkippableFact]
    public async Task After_the_briefing_a_new_yes_is_told_with_the_name_and_a_change_to_not_today_without_it()
    {
        await TwoWeeksAsync();
        await _w.RunUntilAsync(Week2Thursday1430);

        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        var mark = await _w.LastOutboxIdAsync();
        await _h.PressShownAsync("carl", T(ParticipationTexts.ButtonChangeAnswer));
        await _h.PressShownAsync("carl", T(ParticipationTexts.ButtonComing));

        foreach (var host in Hosts)
        {
            Assert.Equal(["Nyt til Torsdagsmiddag: Carl kommer også. Nu 4."], (await _w.InboxAsync(host, mark)).Select(m => m.Text));
        }

        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        mark = await _w.LastOutboxIdAsync();
        await _h.PressShownAsync("bo", T(ParticipationTexts.ButtonChangeAnswer));
        await _h.PressShownAsync("bo", T(ParticipationTexts.ButtonNotToday));

        foreach (var host in Hosts)
        {
            var update = Assert.Single(await _w.InboxAsync(host, mark));
            Assert.Equal("Nyt til Torsdagsmiddag: én færre kommer. Nu 3.", update.Text);
            Assert.DoesNotContain("Bo", update.Text);
        }

        // Pressing the same answer again tells the hosts nothing.
        mark = await _w.LastOutboxIdAsync();
        var again = await _h.Press("bo", T(ParticipationTexts.ButtonNotToday));
        Assert.Equal(T(ParticipationTexts.RsvpNoted), again.ButtonAnswer);
        Assert.Empty(await HostTextsAsync(mark));

        // After the start, changes are no longer news for the hosts.
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 12, 3, 17, 30));
        mark = await _w.LastOutboxIdAsync();
        var tooLate = await _h.PressShownAsync("anna", T(ParticipationTexts.ButtonChangeAnswer));
        Assert.Equal(T(ParticipationTexts.RsvpTooLate), tooLate.ButtonAnswer);
        Assert.Empty(await HostTextsAsync(mark));
    }

    [SkippableFact]
    public async Task Before_the_briefing_changes_are_not_sent_to_the_hosts_one_by_one()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var mark = await _w.LastOutboxIdAsync();

        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        await AnswerAsync("anna", ParticipationTexts.ButtonChangeAnswer);
        await AnswerAsync("anna", ParticipationTexts.ButtonNotToday);

        Assert.Empty(await HostTextsAsync(mark));
    }

    [SkippableFact]
    public async Task Today_shows_a_host_the_same_overview_and_tells_anyone_else_they_host_nothing()
    {
        await TwoWeeksAsync();
        await _w.RunUntilAsync(Week2Thursday1430);
        var briefing = (await _w.InboxAsync("hanne")).Last().Text;
        _h.Clock.Advance(TimeSpan.FromMinutes(30));

        var today = await _h.Send("hanne", "/today");

        Assert.Equal([briefing], today.Texts);

        var anna = await _h.Send("anna", "/today");
        Assert.Equal([T(ParticipationTexts.TodayNone)], anna.Texts);
    }

    [SkippableFact]
    public async Task Today_before_the_briefing_speaks_of_tomorrow()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        await AnswerAsync("carl", ParticipationTexts.ButtonNotToday);

        var today = await _h.Send("henrik", "/today");

        Assert.Equal(["Torsdagsmiddag i morgen kl. 17:30\nKommer: 1 (Anna)\nFørste gang: Anna. Sig gerne hej!\nIkke i dag: 1"], today.Texts);
    }

    [SkippableFact]
    public async Task Someone_whose_only_earlier_time_was_cancelled_is_still_a_first_timer()
    {
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        var week1 = (await _w.OccurrencesAsync())[0];
        Assert.True(await _h.Services.GetRequiredService<OccurrenceCancellation>().CancelAsync(week1.Id, _h.Clock.GetUtcNow(), CancellationToken.None));

        await _w.RunUntilAsync(Week2Wednesday1700);
        await AnswerAsync("anna", ParticipationTexts.ButtonComing);
        var mark = await _w.LastOutboxIdAsync();
        await _w.RunUntilAsync(Week2Thursday1430);

        var briefing = Assert.Single(await _w.InboxAsync("hanne", mark));
        Assert.Contains("Første gang: Anna. Sig gerne hej!", briefing.Text.Split('\n'));
        await using var db = _h.Db();
        Assert.Equal(2, await db.Rsvps.CountAsync(r => r.Answer == RsvpAnswer.Coming));
    }
}

public sealed class BriefingTestsOnPostgres : BriefingTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
