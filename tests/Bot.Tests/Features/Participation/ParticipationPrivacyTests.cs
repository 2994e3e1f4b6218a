using Makker.Features.Dashboard;
using Makker.Storage;
using Makker.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    [SkippableFact]
    public async Task Mydata_also_lists_company_as_it_went_messages_naming_the_person_role_requests_logins_and_changes()
    {
        // Carl may keep company too; Lise joins late and asks for it, and Carl is asked (he has not answered yet).
        await _w.MakeBuddyAsync("carl");
        await _w.JoinAsync("lise");
        await _h.Press("lise", "Følges med nogen");
        // After the briefing the host's list names Anna.
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 14, 30));
        // Kim coordinates; Anna asks to volunteer; Kim uses a dashboard link once.
        await new VolunteerWorld(_w).MakeCoordinatorAsync("kim");
        await _h.Send("anna", "/volunteer");
        await _h.PressShownAsync("anna", "madlavning");
        await _h.PressShownAsync("anna", "Færdig");
        await _h.PressShownAsync("anna", "Hver uge");
        var link = (await _h.Send("kim", "/dashboard")).Texts.Single(t => t.Contains("token=", StringComparison.Ordinal));
        var token = System.Text.RegularExpressions.Regex.Match(link, "token=([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotNull((await _h.Services.GetRequiredService<DashboardLogins>().RedeemAsync(token, _h.Clock.GetUtcNow(), CancellationToken.None)).PersonId);

        var anna = (await _h.Send("anna", "/mydata")).Last;
        var carl = (await _h.Send("carl", "/mydata")).Last;
        var kim = (await _h.Send("kim", "/mydata")).Last;

        long annaId;
        int mentions, messages;
        await using (var db = _h.Db())
        {
            annaId = (await db.People.SingleAsync(p => p.ExternalId == "anna")).Id;
            mentions = await db.OutboxMentions.CountAsync(m => m.PersonId == annaId);
            messages = await db.Outbox.CountAsync(o => o.PersonId == annaId && o.Kind != OutboxKind.CommandMenu);
        }
        Assert.True(mentions >= 2, "Bo's confirmation and Hanne's list name Anna");
        Assert.Contains("• Torsdagsmiddag torsdag den 26. november: Bo følges med dig", anna, StringComparison.Ordinal);
        Assert.Contains($"Beskeder til andre, der nævner dig, som en værts liste over dem, der kommer: {mentions}", anna, StringComparison.Ordinal);
        // Counted before this /mydata's own reply was written.
        Assert.Contains($"Beskeder, jeg har sendt dig og stadig gemmer: {messages - 1}", anna, StringComparison.Ordinal);
        Assert.Contains("Venter på svar fra en koordinator: frivillig i Fællesskabet", anna, StringComparison.Ordinal);
        Assert.Contains("• Torsdagsmiddag torsdag den 26. november: du blev spurgt, om du ville følges med nogen", carl, StringComparison.Ordinal);
        Assert.Contains("Links til oversigten, du har fået: torsdag den 26. november", kim, StringComparison.Ordinal);
        Assert.Contains("Ændringer, du har lavet som koordinator: 1", kim, StringComparison.Ordinal);
        Assert.DoesNotContain("Links til oversigten", anna, StringComparison.Ordinal);
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
