using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Coordination;

/// <summary>
/// Trusted roles: /volunteer and /buddy ask the community's coordinators, who answer Approve or Not now; only approved
/// people are asked about shifts and company; a coordinator can take a role away (audited, told kindly, open prompts
/// closed); after the upgrade the coordinators get one list of who kept their role.
/// </summary>
public class RoleTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;
    private VolunteerWorld _v = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        _v = new VolunteerWorld(_w);
        await _v.MakeCoordinatorAsync("kim");
        await _v.MakeCoordinatorAsync("lis");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<CommunityMember> MembershipAsync(string who)
    {
        await using var db = _h.Db();
        var person = await _h.PersonAsync(who);
        return await db.CommunityMembers.SingleAsync(m => m.PersonId == person.Id && m.CommunityId == _w.CommunityId);
    }

    private async Task<List<string>> AuditAsync()
    {
        await using var db = _h.Db();
        return await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    /// <summary>The shift prompt to this person about the first shift of this role.</summary>
    private async Task<OutboxMessage> PromptAsync(string who, string role)
    {
        await using var db = _h.Db();
        var shift = await db.Shifts.Where(s => s.Role == role).OrderBy(s => s.StartsAt).FirstAsync();
        var args = shift.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var person = await _h.PersonAsync(who);
        var messageId = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == ShiftRounds.PromptPurpose && t.Args == args)
            .Select(t => t.MessageId).SingleAsync();
        return await db.Outbox.SingleAsync(o => o.Id == messageId);
    }

    private async Task VolunteerAsync(string who)
    {
        await _w.JoinAsync(who);
        await _h.Send(who, "/volunteer");
        await _h.PressShownAsync(who, "madlavning");
        await _h.PressShownAsync(who, "Færdig");
        await _h.PressShownAsync(who, "Hver uge");
    }

    [SkippableFact]
    public async Task A_volunteer_is_asked_about_shifts_only_after_a_coordinator_approves()
    {
        await _v.AddShiftAsync("cooking", new TimeOnly(15, 30), new TimeOnly(18, 0), needed: 1);
        var mark = await _w.LastOutboxIdAsync();

        await VolunteerAsync("ali");

        var toAli = await _w.InboxAsync("ali", mark);
        Assert.Contains("En koordinator siger ja, før jeg spørger dig om vagter", toAli[^1].Text);
        Assert.False((await MembershipAsync("ali")).IsVolunteer);
        foreach (var coordinator in new[] { "kim", "lis" })
        {
            var request = Assert.Single(await _w.InboxAsync(coordinator, mark));
            Assert.StartsWith("Ali vil gerne hjælpe som frivillig og blive spurgt om vagter i Fællesskabet.", request.Text);
            Assert.Equal([T(CoordinationTexts.ButtonApprove), T(CoordinationTexts.ButtonNotNow)], ParticipationKit.Labels(request.ButtonsJson));
        }
        await _v.RoundNowAsync();
        Assert.Empty(await _v.AskedAsync("cooking"));

        mark = await _w.LastOutboxIdAsync();
        var answer = await _h.Press("kim", T(CoordinationTexts.ButtonApprove));

        Assert.Equal(["Tak. Ali har fået besked."], answer.Texts);
        Assert.Equal(["Godt nyt, Ali! En koordinator i Fællesskabet har sagt ja. Nu kan jeg spørge dig om vagter der. Du kan altid sige nej."],
            (await _w.InboxAsync("ali", mark)).Select(m => m.Text));
        // Lis's buttons go quiet and she hears who answered.
        Assert.Equal(["Kim har allerede svaret på Alis ønske. Tak!"], (await _w.InboxAsync("lis", mark)).Select(m => m.Text));
        var (lisRequest, _) = await _h.FindButtonAsync("lis", T(CoordinationTexts.ButtonApprove));
        Assert.Empty(await _h.ButtonsShownAsync(lisRequest));
        Assert.True((await MembershipAsync("ali")).IsVolunteer);
        Assert.Equal(["role.request", "role.approve"], await AuditAsync());

        await _v.RoundNowAsync();
        Assert.Equal(["ali"], await _v.AskedAsync("cooking"));

        // A late press on Lis's old request is thanked; nothing changes.
        var late = await _h.PressPayload("lis", (await _h.FindButtonAsync("lis", T(CoordinationTexts.ButtonNotNow))).Button.Payload, lisRequest);
        Assert.DoesNotContain(late.Texts, t => t.Contains("venligt svar"));
        Assert.True((await MembershipAsync("ali")).IsVolunteer);
    }

    [SkippableFact]
    public async Task Not_now_is_a_warm_answer_and_the_person_is_never_asked_for_company()
    {
        await _w.JoinAsync("bo");
        await _h.Send("bo", "/buddy");
        var asked = await _h.PressShownAsync("bo", T(ParticipationTexts.ButtonBuddyYes));
        Assert.Equal([T(CoordinationTexts.Requested).Replace("{firstName}", "Bo")], asked.Texts);
        var mark = await _w.LastOutboxIdAsync();

        var answer = await _h.Press("kim", T(CoordinationTexts.ButtonNotNow));

        Assert.Equal(["Tak. Bo har fået et venligt svar. Tal gerne med Bo, når I ses."], answer.Texts);
        var toBo = Assert.Single(await _w.InboxAsync("bo", mark));
        Assert.Equal("Tak, fordi du gerne vil hjælpe, Bo. Koordinatorerne i Fællesskabet vil gerne tale med dig først, så indtil videre spørger jeg dig ikke. Du er altid velkommen til aktiviteterne.", toBo.Text);
        Assert.False((await MembershipAsync("bo")).WillingBuddy);
        await using (var db = _h.Db())
        {
            Assert.False(await db.RoleRequests.AnyAsync());
        }

        // Anna asks for company: Bo is not asked.
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        mark = await _w.LastOutboxIdAsync();
        await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        Assert.Empty(await _w.InboxAsync("bo", mark));
    }

    [SkippableFact]
    public async Task Taking_a_volunteer_role_away_is_audited_told_kindly_and_closes_prompts_and_gives_shifts_back()
    {
        await _v.AddShiftAsync("cooking", new TimeOnly(15, 30), new TimeOnly(18, 0), needed: 1);
        await _v.AddShiftAsync("washing_up", new TimeOnly(19, 0), new TimeOnly(20, 0), needed: 1);
        await _v.AddVolunteerAsync("ali");
        await _v.RoundNowAsync();
        var cooking = await PromptAsync("ali", "cooking");
        Assert.NotEmpty(await _h.ButtonsShownAsync(cooking.Id));
        await using (var db = _h.Db())
        {
            // She took the washing-up earlier (one prompt a week is all she is sent, so it is written here).
            var washingUp = await db.Shifts.Where(s => s.Role == "washing_up").OrderBy(s => s.StartsAt).FirstAsync();
            washingUp.Taken = 1;
            db.ShiftAssignments.Add(new ShiftAssignment { ShiftId = washingUp.Id, PersonId = (await _h.PersonAsync("ali")).Id, AcceptedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        Assert.Equal(["ali"], await _v.OnShiftAsync("washing_up"));

        await _h.Send("kim", "/roles");
        await _h.PressShownAsync("kim", "Ali: frivillig i Fællesskabet");
        var confirm = await _h.PressShownAsync("kim", "Tag rollen: frivillig i Fællesskabet");
        Assert.Equal(["Vil du tage rollen frivillig i Fællesskabet fra Ali? Ali får en venlig besked."], confirm.Texts);
        var mark = await _w.LastOutboxIdAsync();
        var done = await _h.PressShownAsync("kim", T(CoordinationTexts.ButtonTakeAwayYes));

        Assert.Equal(["Sådan. Ali har fået en venlig besked."], done.Texts);
        Assert.Contains("Koordinatorerne i Fællesskabet har stoppet din rolle som frivillig der.", Assert.Single(await _w.InboxAsync("ali", mark)).Text);
        Assert.Empty(await _h.ButtonsShownAsync(cooking.Id));
        Assert.Empty(await _v.OnShiftAsync("washing_up"));
        Assert.False((await MembershipAsync("ali")).IsVolunteer);
        Assert.Contains("role.remove", await AuditAsync());
        await using (var db = _h.Db())
        {
            Assert.False(await db.Volunteers.AnyAsync());
            var entry = await db.AuditLog.SingleAsync(a => a.Action == "role.remove");
            Assert.Equal((await _h.PersonAsync("kim")).Id, entry.PersonId);
        }
        // A press on the old prompt that crossed the edit takes nothing.
        await _v.PressOnAsync("ali", cooking, "Ja, jeg tager den");
        Assert.Empty(await _v.OnShiftAsync("cooking"));
    }

    [SkippableFact]
    public async Task When_a_matched_buddy_loses_the_role_the_participant_hears_a_host_welcomes_them()
    {
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("anna");
        await _w.MakeBuddyAsync("bo");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();

        await _h.Send("kim", "/roles");
        await _h.PressShownAsync("kim", "Bo: følgeskab i Fællesskabet, frivillig i Fællesskabet");
        await _h.PressShownAsync("kim", "Tag rollen: følgeskab i Fællesskabet");
        await _h.PressShownAsync("kim", T(CoordinationTexts.ButtonTakeAwayYes));

        Assert.Equal(["Bo kan alligevel ikke følges med dig denne gang. Hanne tager imod dig ved døren."],
            (await _w.InboxAsync("anna", mark)).Select(m => m.Text));
        Assert.Contains("stoppet din rolle med følgeskab", Assert.Single(await _w.InboxAsync("bo", mark)).Text);
        await using var db = _h.Db();
        Assert.Equal(CompanyStatus.HostWelcome, (await db.CompanyRequests.SingleAsync()).Status);
        Assert.False((await MembershipAsync("bo")).WillingBuddy);
        Assert.True((await MembershipAsync("bo")).IsVolunteer);
    }

    [SkippableFact]
    public async Task A_coordinator_role_taken_away_ends_their_sessions_and_menu_but_the_last_coordinator_stays()
    {
        var lis = await _h.PersonAsync("lis");
        await _h.Send("kim", "/roles");
        await _h.PressShownAsync("kim", "Lis: koordinator i Fællesskabet");
        await _h.PressShownAsync("kim", "Tag rollen: koordinator i Fællesskabet");
        var mark = await _w.LastOutboxIdAsync();
        await _h.PressShownAsync("kim", T(CoordinationTexts.ButtonTakeAwayYes));

        await using (var db = _h.Db())
        {
            var after = await db.People.SingleAsync(p => p.Id == lis.Id);
            Assert.Equal(lis.SessionStamp + 1, after.SessionStamp);
            Assert.False((await MembershipAsync("lis")).IsCoordinator);
        }
        Assert.Contains("Din rolle som koordinator i Fællesskabet er stoppet", (await _w.InboxAsync("lis", mark))[0].Text);

        // Kim is the last one now: Lis cannot take it from him (she is no coordinator), and he cannot give it away.
        var refused = await _h.Send("lis", "/roles");
        Assert.Contains(T(CoordinationTexts.NotCoordinator), refused.Texts);
        var changes = _h.Services.GetRequiredService<RoleChanges>();
        await using (var db = _h.Db())
        {
            var kim = await db.People.SingleAsync(p => p.ExternalId == "kim");
            var why = await changes.TakeAwayAsync(db, kim, RoleNames.Coordinator, _w.CommunityId, null, kim, _h.Clock.GetUtcNow(),
                (p, _) => _h.Engine.CreateOutreach(db, p, _h.Clock.GetUtcNow()), CancellationToken.None);
            Assert.Equal(CoordinationTexts.LastCoordinator, why);
        }
    }

    [SkippableFact]
    public async Task After_the_upgrade_each_communitys_coordinators_get_one_list_to_review()
    {
        await _v.AddVolunteerAsync("ali");
        await _w.MakeBuddyAsync("bo");
        await using (var db = _h.Db())
        {
            // As the upgrade (M0013) leaves it for a community that had volunteers and buddies.
            db.RoleReviews.Add(new RoleReview { CommunityId = _w.CommunityId });
            await db.SaveChangesAsync();
        }
        var mark = await _w.LastOutboxIdAsync();
        var reviews = _h.Services.GetRequiredService<RoleReviews>();

        Assert.Equal(2, await reviews.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await reviews.SendDueAsync(CancellationToken.None));

        var list = Assert.Single(await _w.InboxAsync("kim", mark)).Text;
        Assert.Contains("Frivillige: Ali, Bo", list);
        Assert.Contains("Følgeskab: Bo", list);
        Assert.Single(await _w.InboxAsync("lis", mark));
        Assert.True((await MembershipAsync("ali")).IsVolunteer);
    }
}

public sealed class RoleTestsOnPostgres : RoleTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
