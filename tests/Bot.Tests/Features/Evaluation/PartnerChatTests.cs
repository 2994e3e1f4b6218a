using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Evaluation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Coordination;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Evaluation;

/// <summary>/partners: a coordinator adds the community's partners and says which one they coordinate for, in the chat.</summary>
public class PartnerChatTests : RunsOnBothDatabases, IAsyncLifetime
{
    private const string PartnerName = "Frivilligcenter Nord";
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key, string language, params (string Key, string Value)[] values) =>
        TextValues.Fill(_h.T(key, language), values);

    /// <summary>Jonas coordinates the world's community and a second one, so /partners asks which first.</summary>
    private async Task<long> CoordinatorOfTwoAsync(string language)
    {
        await _h.ConsentAsync("jonas", language);
        await using var db = _h.Db();
        var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
        var second = new Community { Name = "Aftenskolen", CreatedAt = _h.Clock.GetUtcNow() };
        db.Communities.Add(second);
        await db.SaveChangesAsync();
        db.CommunityMembers.Add(new CommunityMember { CommunityId = _w.CommunityId, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
        db.CommunityMembers.Add(new CommunityMember { CommunityId = second.Id, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return jonas.Id;
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_coordinator_adds_a_partner_with_its_kind_and_says_they_coordinate_for_it(string language)
    {
        var jonasId = await CoordinatorOfTwoAsync(language);

        var choose = await _h.Send("jonas", "/partners", language: language);
        Assert.Equal(T(CoordinationTexts.ChooseCommunity, language), choose.Last);
        Assert.Equal(["Aftenskolen", "Fællesskabet"], choose.ButtonLabels);

        var none = await _h.Press("jonas", "Fællesskabet", language);
        Assert.Equal(T(EvaluationTexts.PartnersNone, language, ("community", "Fællesskabet")), none.Last);
        Assert.Equal([T(EvaluationTexts.PartnersButtonAdd, language)], none.ButtonLabels);

        var askName = await _h.Press("jonas", T(EvaluationTexts.PartnersButtonAdd, language), language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.Partners, "name", language), askName.Last);
        var askKind = await _h.Send("jonas", PartnerName, language: language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.Partners, "kind", language).Replace("{partner_name}", PartnerName, StringComparison.Ordinal), askKind.Last);
        var kinds = new[] { "municipality", "association", "volunteer_centre", "other" }.Select(k => WizardKit.ButtonOf(_h, DialogIds.Partners, "kind", k, language)).ToList();
        Assert.Equal(kinds, askKind.ButtonLabels);

        var added = await _h.Press("jonas", kinds[2], language);
        var mineLabel = T(EvaluationTexts.PartnersButtonMine, language, ("partner", PartnerName));
        Assert.Equal(
            [
                T(EvaluationTexts.PartnerAdded, language, ("partner", PartnerName), ("community", "Fællesskabet")),
                T(EvaluationTexts.PartnersList, language, ("community", "Fællesskabet"), ("partners", "• " + PartnerName)),
            ], added.Texts);
        Assert.Equal([T(EvaluationTexts.PartnersButtonAdd, language), mineLabel], added.ButtonLabels);

        var mine = await _h.Press("jonas", mineLabel, language);
        Assert.Equal([T(EvaluationTexts.PartnerMine, language, ("partner", PartnerName), ("community", "Fællesskabet"))], mine.Texts);

        await using (var db = _h.Db())
        {
            // What the dashboard's report page reads, through the same queries.
            var partner = Assert.Single(await Partners.OfAsync(db, _w.CommunityId, CancellationToken.None));
            Assert.Equal((PartnerName, PartnerKind.VolunteerCentre), (partner.Name, partner.Kind));
            Assert.Equal(partner.Id, await Partners.MineAsync(db, _w.CommunityId, jonasId, CancellationToken.None));
            Assert.Single(await db.PartnerCoordinators.ToListAsync());
        }

        // Pressed again, the kind and the partner buttons change nothing more.
        Assert.Equal(T(TextKeys.ButtonAlreadyPressed, language), (await _h.Press("jonas", kinds[2], language)).ButtonAnswer);
        Assert.Equal(T(TextKeys.ButtonAlreadyPressed, language), (await _h.Press("jonas", mineLabel, language)).ButtonAnswer);
        await using (var db = _h.Db())
        {
            Assert.Single(await db.Partners.ToListAsync());
            Assert.Single(await db.PartnerCoordinators.ToListAsync());
            Assert.Single(await db.AuditLog.Where(a => a.Action == Partners.MineAction).ToListAsync());
        }

        // The list shows it the next time.
        await _h.Send("jonas", "/partners", language: language);
        var again = await _h.Press("jonas", "Fællesskabet", language);
        Assert.Equal(T(EvaluationTexts.PartnersList, language, ("community", "Fællesskabet"), ("partners", "• " + PartnerName))
            + "\n" + T(EvaluationTexts.MyDataPartner, language, ("partner", PartnerName)), again.Last);
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task A_new_community_asks_for_its_partners_and_Later_costs_nothing(string language)
    {
        await CoordinatorOfTwoAsync(language);
        await _h.Send("jonas", "/newcommunity", language: language);
        var created = await _h.Send("jonas", "Reparationscaféen", language: language);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewCommunity, "partners", language), created.Last);

        var askName = await _h.Press("jonas", WizardKit.ButtonOf(_h, DialogIds.NewCommunity, "partners", "add", language), language);
        Assert.Equal([WizardKit.Ask(_h, DialogIds.Partners, "name", language)], askName.Texts);
        await _h.Send("jonas", "Kommunen", language: language);
        var added = await _h.Press("jonas", WizardKit.ButtonOf(_h, DialogIds.Partners, "kind", "municipality", language), language);
        Assert.Equal(T(EvaluationTexts.PartnerAdded, language, ("partner", "Kommunen"), ("community", "Reparationscaféen")), added.Texts[0]);

        await using (var db = _h.Db())
        {
            var community = await db.Communities.SingleAsync(c => c.Name == "Reparationscaféen");
            var partner = Assert.Single(await Partners.OfAsync(db, community.Id, CancellationToken.None));
            Assert.Equal(("Kommunen", PartnerKind.Municipality), (partner.Name, partner.Kind));
        }

        await _h.Send("jonas", "/newcommunity", language: language);
        await _h.Send("jonas", "Aftencaféen", language: language);
        var later = await _h.Press("jonas", WizardKit.ButtonOf(_h, DialogIds.NewCommunity, "partners", "later", language), language);
        Assert.Equal([WizardKit.Say(_h, DialogIds.NewCommunity, "later", language)], later.Texts);
        await using (var db = _h.Db())
        {
            Assert.Single(await db.Partners.ToListAsync());
        }
    }

    [SkippableTheory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task Someone_who_coordinates_nothing_is_told_kindly_who_can_help(string language)
    {
        await _w.JoinAsync("anna", language);

        var refused = await _h.Send("anna", "/partners", language: language);

        Assert.Equal([T(CoordinationTexts.NotCoordinator, language)], refused.Texts);
        await using var db = _h.Db();
        Assert.Empty(await db.Partners.ToListAsync());
    }
}

public sealed class PartnerChatTestsOnPostgres : PartnerChatTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
