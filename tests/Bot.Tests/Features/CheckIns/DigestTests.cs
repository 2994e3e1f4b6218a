using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;

namespace Makker.Tests.Features.CheckIns;

/// <summary>The host's digest when the answer window closes: counts per answer, never a name, never a count under 5.</summary>
public class DigestTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    private static readonly string[] People = ["anna", "bo", "carl", "dora", "erik", "frida"];
    private static readonly DateTimeOffset Thursday2030 = ParticipationWorld.Local(2026, 11, 26, 20, 30);
    private static readonly DateTimeOffset Saturday2030 = ParticipationWorld.Local(2026, 11, 28, 20, 30);

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        foreach (var who in People)
        {
            await _w.JoinAsync(who);
        }
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        foreach (var who in People)
        {
            await _h.Press(who, _h.T(ParticipationTexts.ButtonComing));
        }
        await _w.RunUntilAsync(Thursday2030);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<List<string>> DigestAsync()
    {
        var mark = await _w.LastOutboxIdAsync();
        await _w.RunUntilAsync(Saturday2030.AddMinutes(-1));
        Assert.Empty(await _w.InboxAsync("hanne", mark));
        await _w.RunUntilAsync(Saturday2030);
        return (await _w.InboxAsync("hanne", mark)).Select(m => m.Text).ToList();
    }

    [SkippableFact]
    public async Task Five_answers_show_as_counts_and_every_count_under_five_as_less_than_five()
    {
        string[] answers = ["Godt", "Godt", "Godt", "Godt", "Godt", "Vil helst ikke sige"];
        for (var i = 0; i < People.Length; i++)
        {
            await _h.PressShownAsync(People[i], answers[i]);
        }

        var digest = Assert.Single(await DigestAsync());

        Assert.Equal(
            """
            Check-in efter Torsdagsmiddag torsdag den 26. november: Hvordan var det i dag?
            Godt: 5
            Okay: <5
            Ikke så godt: <5
            Jeg vil gerne tale med nogen: <5
            Andre svar: <5
            6 af 6 svarede.
            """.ReplaceLineEndings("\n"), digest);
        foreach (var who in People)
        {
            Assert.DoesNotContain(char.ToUpperInvariant(who[0]) + who[1..], digest);
        }
    }

    [SkippableFact]
    public async Task Four_answers_are_too_few_to_show_and_the_host_hears_why()
    {
        foreach (var who in People.Take(4))
        {
            await _h.PressShownAsync(who, "Godt");
        }

        var digest = Assert.Single(await DigestAsync());

        Assert.Equal("Færre end 5 svarede på check-in efter Torsdagsmiddag torsdag den 26. november. "
            + "Så svarene forbliver anonyme, viser jeg først tal fra 5 svar.", digest);
        Assert.DoesNotContain("4", digest);
    }

    [SkippableFact]
    public async Task Nobody_asked_means_no_digest()
    {
        await using (var db = _h.Db())
        {
            db.CheckIns.RemoveRange(db.CheckIns);
            await db.SaveChangesAsync();
        }
        Assert.Empty(await DigestAsync());
    }
}

public sealed class DigestTestsOnPostgres : DigestTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
