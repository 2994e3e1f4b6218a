using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Coordination;

/// <summary>/newcommunity, /newactivity, /newshift and /appoint, through the real engine on a real SQLite file.</summary>
public class WizardTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;
    private VolunteerWorld _v = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        _v = new VolunteerWorld(_w);
        await _v.MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    /// <summary>Another community with its own coordinator, Olga, and one activity.</summary>
    private async Task<long> OtherCommunityAsync()
    {
        await _h.ConsentAsync("olga");
        await using var db = _h.Db();
        var olga = await db.People.SingleAsync(p => p.ExternalId == "olga");
        var other = new Community { Name = "Haveklubben", CreatedAt = _h.Clock.GetUtcNow() };
        db.Communities.Add(other);
        await db.SaveChangesAsync();
        db.CommunityMembers.Add(new CommunityMember { CommunityId = other.Id, PersonId = olga.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
        var garden = new Activity { CommunityId = other.Id, Name = "Havedag", Days = WeekDays.Saturday, StartsAt = new TimeOnly(10, 0), InviteCode = "have-1", CreatedAt = _h.Clock.GetUtcNow() };
        db.Activities.Add(garden);
        await db.SaveChangesAsync();
        return garden.Id;
    }

    [SkippableFact]
    public async Task A_coordinator_creates_a_community_and_becomes_its_coordinator()
    {
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewCommunity, "name"), (await _h.Send("jonas", "/newcommunity")).Last);
        var tooLong = await _h.Send("jonas", new string('x', 121));
        Assert.Equal(["Navnet må højst være 120 tegn. Prøv med et kortere.", WizardKit.Ask(_h, DialogIds.NewCommunity, "name")], tooLong.Texts);

        var done = await _h.Send("jonas", "Reparationscaféen");

        // Then, if they like, its partners (PartnerChatTests).
        Assert.Equal([T(CoordinationTexts.CommunityCreated).Replace("{name}", "Reparationscaféen"), WizardKit.Ask(_h, DialogIds.NewCommunity, "partners")], done.Texts);
        await using var db = _h.Db();
        var community = await db.Communities.SingleAsync(c => c.Name == "Reparationscaféen");
        var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
        Assert.True((await db.CommunityMembers.SingleAsync(m => m.CommunityId == community.Id && m.PersonId == jonas.Id)).IsCoordinator);
    }

    [SkippableFact]
    public async Task A_participant_may_not_create_a_community()
    {
        Assert.Equal([T(CoordinationTexts.CannotCreateCommunity)], (await _h.Send("anna", "/newcommunity")).Texts);
        await using var db = _h.Db();
        Assert.Equal(1, await db.Communities.CountAsync());
    }

    [SkippableFact]
    public async Task A_coordinator_creates_an_activity_step_by_step_and_a_bad_time_is_asked_again_without_losing_anything()
    {
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "name"), (await _h.Send("jonas", "/newactivity")).Last);
        await _h.Send("jonas", "Reparationscafé");
        var days = await _h.Send("jonas", "Biblioteket");
        Assert.Equal(T(CoordinationTexts.ChooseDays), days.Last);
        Assert.Equal(["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag", "Færdig"], days.ButtonLabels);

        var none = await _h.PressShownAsync("jonas", "Færdig");
        Assert.Equal(T(CoordinationTexts.ChooseAtLeastOneDay), none.ButtonAnswer);
        await _h.PressShownAsync("jonas", "Onsdag");
        await _h.PressShownAsync("jonas", "Lørdag");
        await _h.PressShownAsync("jonas", "✓ Lørdag");
        var time = await _h.PressShownAsync("jonas", "Færdig");
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "time"), time.Last);

        var bad = await _h.Send("jonas", "halv seks");
        Assert.Equal([WizardKit.Say(_h, DialogIds.NewActivity, "time_bad"), WizardKit.Ask(_h, DialogIds.NewActivity, "time")], bad.Texts);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "duration"), (await _h.Send("jonas", "17.30")).Last);
        var badLength = await _h.Send("jonas", "13:00");
        Assert.Equal(WizardKit.Say(_h, DialogIds.NewActivity, "duration_bad"), badLength.Texts[0]);
        var created = await _h.Send("jonas", "2:30");

        await using var db = _h.Db();
        var activity = await db.Activities.SingleAsync(a => a.Name == "Reparationscafé");
        Assert.Equal((_w.CommunityId, "Biblioteket", WeekDays.Wednesday, new TimeOnly(17, 30), 150), (activity.CommunityId, activity.Place, activity.Days, activity.StartsAt, activity.DurationMinutes));
        Assert.Matches("^[A-Za-z0-9]{12}$", activity.InviteCode);
        // Tuesday 24 November: the first time is tomorrow, Wednesday.
        // The code shown in the chat works for 14 days, and the coordinator is told so.
        Assert.Equal([$"Reparationscafé er oprettet. Første gang er i morgen kl. 17:30 i Biblioteket. Invitationskoden er {activity.InviteCode} – skriv /invite for linket og en QR-kode.",
            "Linket til Reparationscafé virker til tirsdag den 8. december. Skriv /invite, hvis du vil have et nyt link eller en anden slutdato."], created.Texts);
        Assert.Equal(_h.Clock.GetUtcNow().AddDays(14), activity.InviteExpiresAt);
        Assert.Null(await db.DialogStates.FirstOrDefaultAsync());

        await _h.ConsentAsync("vera");
        _h.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.StartsWith("Velkommen til Reparationscafé", (await _h.Send("vera", "/start " + activity.InviteCode)).Texts[0], StringComparison.Ordinal);
        await _h.ConsentAsync("walther");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([T(ParticipationTexts.JoinExpired)], (await _h.Send("walther", "/start " + activity.InviteCode)).Texts);
    }

    [SkippableFact]
    public async Task With_two_communities_the_coordinator_first_chooses_which()
    {
        await using (var db = _h.Db())
        {
            var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
            var second = new Community { Name = "Aftenskolen", CreatedAt = _h.Clock.GetUtcNow() };
            db.Communities.Add(second);
            await db.SaveChangesAsync();
            db.CommunityMembers.Add(new CommunityMember { CommunityId = second.Id, PersonId = jonas.Id, IsCoordinator = true, JoinedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var choose = await _h.Send("jonas", "/newactivity");
        Assert.Equal(T(CoordinationTexts.ChooseCommunity), choose.Last);
        Assert.Equal(["Aftenskolen", "Fællesskabet"], choose.ButtonLabels);

        var stray = await _h.Send("jonas", "Aftenskolen");
        Assert.Equal(T(TextKeys.ButtonUseButtons), stray.Texts[0]);
        // The choice comes again with its buttons, so the person is never left without a way on.
        Assert.Equal(T(CoordinationTexts.ChooseCommunity), stray.Last);
        Assert.Equal(["Aftenskolen", "Fællesskabet"], stray.ButtonLabels);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewActivity, "name"), (await _h.PressShownAsync("jonas", "Aftenskolen")).Last);
        await _h.Send("jonas", "Sprogcafé");
        await _h.Send("jonas", "Skolen");
        await _h.PressShownAsync("jonas", "Mandag");
        await _h.PressShownAsync("jonas", "Færdig");
        await _h.Send("jonas", "19:00");
        await _h.Send("jonas", "1:30");

        await using var check = _h.Db();
        var activity = await check.Activities.SingleAsync(a => a.Name == "Sprogcafé");
        Assert.Equal("Aftenskolen", (await check.Communities.FindAsync(activity.CommunityId))!.Name);
    }

    [SkippableFact]
    public async Task Only_coordinators_may_start_the_wizards()
    {
        foreach (var command in new[] { "/newactivity", "/newshift", "/appoint", "/invite" })
        {
            Assert.Equal([T(CoordinationTexts.NotCoordinator)], (await _h.Send("anna", command)).Texts);
        }
    }

    [SkippableFact]
    public async Task A_coordinator_adds_a_shift_template_and_a_time_before_the_start_is_asked_again()
    {
        var roles = await _h.Send("jonas", "/newshift");
        Assert.Equal(T(CoordinationTexts.ChooseRole), roles.Last);
        Assert.Contains("madlavning", roles.ButtonLabels);
        Assert.Equal(WizardKit.Ask(_h, DialogIds.NewShift, "from"), (await _h.PressShownAsync("jonas", "madlavning")).Last);
        Assert.Equal(WizardKit.Say(_h, DialogIds.NewShift, "from_bad"), (await _h.Send("jonas", "25:00")).Texts[0]);
        await _h.Send("jonas", "15:30");
        var early = await _h.Send("jonas", "15:00");
        Assert.Equal(["Skriv en tid efter 15:30, som 18:00.", WizardKit.Ask(_h, DialogIds.NewShift, "to")], early.Texts);
        await _h.Send("jonas", "18:00");
        Assert.Equal(WizardKit.Say(_h, DialogIds.NewShift, "needed_bad"), (await _h.Send("jonas", "0")).Texts[0]);
        var done = await _h.Send("jonas", "2");

        Assert.Equal(["Tilføjet: madlavning til Torsdagsmiddag, 15:30–18:00, 2 person(er). Frivillige bliver spurgt før hver gang."], done.Texts);
        await using var db = _h.Db();
        var template = await db.ShiftTemplates.SingleAsync();
        Assert.Equal((_w.DinnerId, "cooking", new TimeOnly(15, 30), new TimeOnly(18, 0), 2), (template.ActivityId, template.Role, template.StartsAt, template.EndsAt, template.Needed));
    }

    [SkippableFact]
    public async Task A_coordinator_of_another_community_sees_only_their_own_activities_and_cannot_pick_ours()
    {
        var garden = await OtherCommunityAsync();
        await using (var db = _h.Db())
        {
            db.Activities.Add(new Activity { CommunityId = (await db.Activities.FindAsync(garden))!.CommunityId, Name = "Frøbytte", CreatedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var choose = await _h.Send("olga", "/newshift");
        Assert.Equal(["Frøbytte", "Havedag"], choose.ButtonLabels);

        // A press forged to name the dinner of Jonas's community, on Olga's own buttons.
        var (messageId, button) = await _h.FindButtonAsync("olga", "Havedag");
        var forged = button.Payload[..button.Payload.LastIndexOf(':')] + ":a" + _w.DinnerId;
        var no = await _h.PressPayload("olga", forged, messageId);

        Assert.Equal([T(CoordinationTexts.NotCoordinator)], no.Texts);
        await using var check = _h.Db();
        Assert.False(await check.ShiftTemplates.AnyAsync());
        Assert.Null(await check.DialogStates.FirstOrDefaultAsync(s => s.PersonId == check.People.Single(p => p.ExternalId == "olga").Id));
    }

    [SkippableFact]
    public async Task A_coordinator_who_loses_the_role_midway_creates_nothing()
    {
        await _h.Send("jonas", "/newactivity");
        await _h.Send("jonas", "Strikkeklub");
        await _h.Send("jonas", "Caféen");
        await _h.PressShownAsync("jonas", "Fredag");
        await _h.PressShownAsync("jonas", "Færdig");
        await _h.Send("jonas", "14:00");
        await using (var db = _h.Db())
        {
            await db.CommunityMembers.Where(m => m.IsCoordinator).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsCoordinator, false));
        }

        var no = await _h.Send("jonas", "2:00");

        Assert.Equal([T(CoordinationTexts.NotCoordinator)], no.Texts);
        await using var check = _h.Db();
        Assert.False(await check.Activities.AnyAsync(a => a.Name == "Strikkeklub"));
    }

    [SkippableFact]
    public async Task A_coordinator_appoints_a_member_as_host_and_another_as_coordinator_and_they_are_told()
    {
        await _w.JoinAsync("bo");
        var members = await _h.Send("jonas", "/appoint");
        Assert.Equal(T(CoordinationTexts.ChooseMember), members.Last);
        Assert.Equal(["Anna", "Bo"], members.ButtonLabels);
        var what = await _h.PressShownAsync("jonas", "Anna");
        Assert.Equal(["Vært for Torsdagsmiddag", "Koordinator i Fællesskabet"], what.ButtonLabels);
        var done = await _h.PressShownAsync("jonas", "Vært for Torsdagsmiddag");
        Assert.Equal(["Sådan. Anna har fået besked."], done.Texts);

        await _h.Send("jonas", "/appoint");
        await _h.PressShownAsync("jonas", "Bo");
        await _h.PressShownAsync("jonas", "Koordinator i Fællesskabet");

        await using var db = _h.Db();
        var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
        var bo = await db.People.SingleAsync(p => p.ExternalId == "bo");
        Assert.True((await db.ActivityMembers.SingleAsync(m => m.PersonId == anna.Id)).IsHost);
        Assert.True((await db.CommunityMembers.SingleAsync(m => m.PersonId == bo.Id)).IsCoordinator);
        var toAnna = await db.Outbox.Where(o => o.Address == "anna").OrderBy(o => o.Id).LastAsync();
        Assert.Equal("Jonas har gjort dig til vært for Torsdagsmiddag. Tak! Før hver gang hører du, hvem der kommer.", toAnna.Text);
        var toBo = await db.Outbox.Where(o => o.Address == "bo").OrderBy(o => o.Id).LastAsync();
        Assert.Equal("Jonas har gjort dig til koordinator i Fællesskabet. Tak! Skriv /help for at se, hvad du kan.", toBo.Text);

        // Both changes are in the audit log: who, what, when; people by id only.
        var jonas = await db.People.SingleAsync(p => p.ExternalId == "jonas");
        var audit = await db.AuditLog.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["appoint.host", "appoint.coordinator"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(jonas.Id, a.PersonId));
        Assert.All(audit, a => Assert.Equal(_h.Clock.GetUtcNow(), a.At));
        Assert.Equal($"person {anna.Id}, activity {_w.DinnerId}", audit[0].Detail);
        Assert.DoesNotContain(audit, a => a.Detail!.Contains("Anna") || a.Detail.Contains("Bo"));
    }

    [SkippableFact]
    public async Task The_wizard_can_be_left_with_cancel()
    {
        await _h.Send("jonas", "/newactivity");
        await _h.Send("jonas", "/cancel");
        Assert.Equal(T(TextKeys.Unknown), (await _h.Send("jonas", "Noget")).Texts[0]);
    }
}

public sealed class WizardTestsOnPostgres : WizardTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
