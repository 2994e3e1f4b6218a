using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

/// <summary>/mydata shows what participation stores; /forget leaves nothing of it behind.</summary>
public class ParticipationPrivacyTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("anna");
        await _w.MakeBuddyAsync("bo");
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 25, 17));
        await _h.Press("anna", "Følges med nogen");
        await _h.Press("bo", "Ja, det kan jeg");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Mydata_lists_answers_company_reminders_and_the_buddy_setting()
    {
        var anna = (await _h.Send("anna", "/mydata")).Last;
        var bo = (await _h.Send("bo", "/mydata")).Last;

        Assert.Contains("• Torsdagsmiddag torsdag den 26. november: kommer og vil gerne følges med nogen", anna, StringComparison.Ordinal);
        Assert.Contains("Påmindelser, jeg har sendt dig: onsdag den 25. november", anna, StringComparison.Ordinal);
        Assert.Contains("• Torsdagsmiddag torsdag den 26. november: du følges med Anna", bo, StringComparison.Ordinal);
        Assert.Contains("Du må gerne spørges om følgeskab", bo, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("anna")]
    [InlineData("bo")]
    public async Task Forget_leaves_no_row_that_mentions_the_person_in_any_table(string who)
    {
        long id;
        await using (var db = _h.Db())
        {
            id = (await db.People.SingleAsync(p => p.ExternalId == who)).Id;
            Assert.True(await db.CompanyRequests.AnyAsync(r => r.PersonId == id || r.BuddyPersonId == id));
        }
        Assert.True(_h.CountRowsMentioning(id, who) > 0);

        await _h.Send(who, "/forget");
        var goodbye = Assert.Single((await _h.Press(who, "Ja, slet det hele")).Messages);

        // The goodbye knows the address until it is delivered; then nothing does.
        Assert.Equal(1, _h.CountRowsMentioning(id, who));
        await using (var db = _h.Db())
        {
            await Makker.Conversations.OutboxDelivery.MarkDeliveredAsync(db, [goodbye.Id], _h.Clock.GetUtcNow());
        }
        Assert.Equal(0, _h.CountRowsMentioning(id, who));
        await using var check = _h.Db();
        // The other person's own data stays.
        var other = who == "anna" ? "bo" : "anna";
        Assert.True(await check.People.AnyAsync(p => p.ExternalId == other));
    }

    [SkippableFact]
    public async Task Forget_also_removes_the_person_from_other_peoples_kept_messages_and_mydata_lists_them()
    {
        // Bo heard "you walk with Anna", and after the briefing the host has a list naming her.
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 14, 30));
        long annaId;
        await using (var db = _h.Db())
        {
            annaId = (await db.People.SingleAsync(p => p.ExternalId == "anna")).Id;
            Assert.True(await db.Outbox.AnyAsync(o => o.Address == "bo" && o.Text.Contains("Anna")));
            Assert.True(await db.Outbox.AnyAsync(o => o.Address == "hanne" && o.Text.Contains("Anna")));
            Assert.True(await db.OutboxMentions.AnyAsync(m => m.PersonId == annaId));
        }

        await _h.Send("anna", "/forget");
        await _h.Press("anna", "Ja, slet det hele");

        await using var check = _h.Db();
        Assert.False(await check.Outbox.AnyAsync(o => o.Address != "anna" && o.Text.Contains("Anna")));
        Assert.False(await check.OutboxMentions.AnyAsync(m => m.PersonId == annaId));
        Assert.True(await check.Outbox.AnyAsync(o => o.Address == "hanne"));
    }
}

public sealed class ParticipationPrivacyTestsOnPostgres : ParticipationPrivacyTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
