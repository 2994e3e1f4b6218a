using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features;

public class PrivacyTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        await _h.ConsentAsync("anna");
        await _h.ConsentAsync("bo");
        await GiveRolesAsync("anna");
        await GiveRolesAsync("bo");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task GiveRolesAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var community = await db.Communities.FirstOrDefaultAsync() ?? db.Communities.Add(new Community { Name = "Nørrebro" }).Entity;
        await db.SaveChangesAsync();
        var activity = await db.Activities.FirstOrDefaultAsync() ?? db.Activities.Add(new Activity { CommunityId = community.Id, Name = "Torsdagsmiddag" }).Entity;
        await db.SaveChangesAsync();
        db.ActivityMembers.Add(new ActivityMember { ActivityId = activity.Id, PersonId = person.Id, IsHost = true });
        db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = person.Id, IsVolunteer = true });
        await db.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task Mydata_shows_everything_stored_in_readable_form()
    {
        await _h.Send("anna", "/pause");
        await _h.Press("anna", "1 uge");

        var replies = await _h.Send("anna", "/mydata");

        var text = replies.Last;
        Assert.Contains("Fornavn: Anna", text);
        Assert.Contains("Sprog: dansk", text);
        Assert.Contains("Du sagde ja til at jeg gemmer data: tirsdag den 24. november", text);
        Assert.Contains("Påmindelser: pause til tirsdag den 1. december", text);
        Assert.Contains("• Torsdagsmiddag (vært)", text);
        Assert.Contains("• Nørrebro (frivillig)", text);
        Assert.Contains("/forget", text);
    }

    [SkippableFact]
    public async Task Mydata_before_consent_says_only_the_id_is_kept()
    {
        await _h.Send("eva", "/start");
        var unknown = await _h.Send("eva", "/mydata");
        Assert.Contains("Jeg gemmer kun dit chat-id", unknown.Texts[0]);
        // The open consent question comes back so the conversation has no dead end.
        Assert.Contains("Er det i orden?", unknown.Last);

        await _h.Press("eva", "Nej tak");
        var refused = await _h.Send("eva", "/mydata");
        Assert.Contains("at du sagde nej tak tirsdag den 24. november", refused.Last);
    }

    [SkippableFact]
    public async Task Forget_asks_first_and_keeping_deletes_nothing()
    {
        var ask = await _h.Send("anna", "/forget");
        Assert.Contains("Det kan ikke fortrydes", ask.Last);
        var kept = await _h.Press("anna", "Nej, behold det");

        Assert.Contains("Intet er slettet", kept.Last);
        await using var db = _h.Db();
        Assert.NotNull(await db.People.SingleOrDefaultAsync(p => p.ExternalId == "anna"));
    }

    [SkippableFact]
    public async Task Forget_erases_the_person_and_everything_linked_to_them_at_the_database_level()
    {
        long annaId;
        await using (var db = _h.Db())
        {
            annaId = (await db.People.SingleAsync(p => p.ExternalId == "anna")).Id;
        }
        await _h.Send("anna", "/pause");
        await _h.Send("anna", "/forget");

        var done = await _h.Press("anna", "Ja, slet det hele");

        Assert.Contains("Jeg har slettet alt om dig", done.Last);
        var goodbye = Assert.Single(done.Messages);
        Assert.Null(goodbye.PersonId);
        Assert.True(goodbye.DeleteWhenSent);

        // The goodbye is the one row that still knows the address, and only until it is delivered.
        await using (var db = _h.Db())
        {
            await OutboxDelivery.MarkDeliveredAsync(db, [goodbye.Id], _h.Clock.GetUtcNow());
        }
        Assert.Equal(0, _h.CountRowsMentioning(annaId, "anna"));
        // Bo is untouched.
        await using (var db = _h.Db())
        {
            var bo = await db.People.SingleAsync(p => p.ExternalId == "bo");
            Assert.Equal(1, await db.ActivityMembers.CountAsync(m => m.PersonId == bo.Id));
            Assert.True(await db.Outbox.AnyAsync(o => o.PersonId == bo.Id));
        }
    }

    [SkippableFact]
    public async Task After_forget_an_old_button_does_not_bring_the_person_back()
    {
        await _h.Send("anna", "/pause");
        var (messageId, button) = await _h.FindButtonAsync("anna", "1 uge");
        await _h.Send("anna", "/forget");
        await _h.Press("anna", "Ja, slet det hele");

        var replies = await _h.PressPayload("anna", button.Payload, messageId);

        Assert.Contains("ældre besked", replies.Last);
        await using var db = _h.Db();
        Assert.False(await db.People.AnyAsync(p => p.ExternalId == "anna"));
    }

    [SkippableFact]
    public async Task After_forget_writing_again_starts_afresh()
    {
        await _h.Send("anna", "/forget");
        await _h.Press("anna", "Ja, slet det hele");

        var replies = await _h.Send("anna", "/start");

        Assert.Contains("Er det i orden?", replies.Last);
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == "anna");
        Assert.Null(person.FirstName);
        Assert.Equal(0, await db.ActivityMembers.CountAsync(m => m.PersonId == person.Id));
    }
}

public sealed class PrivacyTestsOnPostgres : PrivacyTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
