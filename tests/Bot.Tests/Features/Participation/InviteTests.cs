using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Participation;

/// <summary>Joining from an invite link, joining late, and /leave.</summary>
public class InviteTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    private const string Start = "/start " + ParticipationWorld.InviteCode;
    private const string JoinedTuesday = "Velkommen til Torsdagsmiddag! Næste gang er torsdag den 26. november kl. 17:30 i Fælleshuset.";
    private const string JoinedWednesday = "Velkommen til Torsdagsmiddag! Næste gang er i morgen kl. 17:30 i Fælleshuset.";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<bool> IsMemberAsync(string who)
    {
        await using var db = _h.Db();
        return await (from m in db.ActivityMembers
                      join p in db.People on m.PersonId equals p.Id
                      where p.ExternalId == who && m.ActivityId == _w.DinnerId
                      select m).AnyAsync();
    }

    private async Task<int> NudgesAsync(string who)
    {
        await using var db = _h.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        return await db.ButtonTokens.CountAsync(t => t.PersonId == person.Id && t.Purpose == Nudges.Purpose);
    }

    private async Task SetInviteExpiryAsync(DateTimeOffset? expires)
    {
        await using var db = _h.Db();
        var dinner = await db.Activities.SingleAsync(a => a.Id == _w.DinnerId);
        dinner.InviteExpiresAt = expires;
        await db.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task The_invite_code_after_consent_joins_and_confirms_with_the_next_date()
    {
        await _h.ConsentAsync("anna");

        var replies = await _h.Send("anna", Start);

        Assert.Equal([JoinedTuesday], replies.Texts);
        Assert.True(await IsMemberAsync("anna"));
        await using var db = _h.Db();
        var anna = await _h.PersonAsync("anna");
        Assert.True(await db.CommunityMembers.AnyAsync(m => m.CommunityId == _w.CommunityId && m.PersonId == anna.Id));
        // It is Tuesday: the nudge comes on Wednesday as for everyone else, not now.
        Assert.Null(await _w.LastNudgeAsync("anna"));
    }

    [SkippableFact]
    public async Task A_deep_link_as_the_very_first_message_keeps_the_code_through_the_consent_question()
    {
        var first = await _h.Send("anna", Start);

        var consent = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"];
        Assert.Contains(consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Danish), first.ButtonLabels);
        Assert.False(await IsMemberAsync("anna"));

        var yes = await _h.Press("anna", consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Danish));

        Assert.Equal(JoinedTuesday, yes.Last);
        Assert.True(await IsMemberAsync("anna"));
        var anna = await _h.PersonAsync("anna");
        await using var db = _h.Db();
        Assert.Null(await db.DialogStates.SingleOrDefaultAsync(s => s.PersonId == anna.Id));
    }

    [SkippableFact]
    public async Task A_deep_link_followed_by_no_thanks_joins_nothing()
    {
        await _h.Send("anna", Start);
        var consent = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"];

        var no = await _h.Press("anna", consent.Buttons.Single(b => b.Id == "no").Label.For(Languages.Danish));

        Assert.DoesNotContain(JoinedTuesday, no.Texts);
        Assert.False(await IsMemberAsync("anna"));
    }

    [SkippableFact]
    public async Task A_wrong_code_gets_a_friendly_line_before_and_after_consent()
    {
        await _h.ConsentAsync("anna");
        var known = await _h.Send("anna", "/start torsdag-inv2");
        Assert.Equal([T(ParticipationTexts.JoinUnknownCode)], known.Texts);

        await _h.Send("bo", "/start nogetandet");
        var consent = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"];
        var bo = await _h.Press("bo", consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Danish));
        Assert.Equal(T(ParticipationTexts.JoinUnknownCode), bo.Last);

        await using var db = _h.Db();
        Assert.Empty(await db.ActivityMembers.ToListAsync());
    }

    [SkippableFact]
    public async Task An_expired_code_gets_a_friendly_line_and_a_code_still_valid_works()
    {
        await SetInviteExpiryAsync(_h.Clock.GetUtcNow().AddMinutes(-1));
        await _h.ConsentAsync("anna");

        var expired = await _h.Send("anna", Start);

        Assert.Equal([T(ParticipationTexts.JoinExpired)], expired.Texts);
        Assert.False(await IsMemberAsync("anna"));

        await SetInviteExpiryAsync(_h.Clock.GetUtcNow().AddDays(7));
        var valid = await _h.Send("anna", Start);
        Assert.Equal([JoinedTuesday], valid.Texts);
    }

    [SkippableFact]
    public async Task Joining_twice_says_already_a_member_and_keeps_one_membership()
    {
        await _w.JoinAsync("anna");

        var again = await _h.Send("anna", Start);

        Assert.Equal(["Du er allerede med i Torsdagsmiddag. Dejligt!"], again.Texts);
        await using var db = _h.Db();
        Assert.Single(await db.ActivityMembers.ToListAsync());
        Assert.Single(await db.CommunityMembers.ToListAsync());
    }

    [SkippableFact]
    public async Task Someone_who_joins_after_the_first_nudge_gets_it_right_away_and_no_second_nudge_once_answered()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700.AddHours(1));
        await _h.ConsentAsync("eva");
        await _h.ConsentAsync("frida");

        var eva = await _h.Send("eva", Start);

        Assert.Equal([JoinedWednesday, "Hej Eva! Der er Torsdagsmiddag i morgen kl. 17:30 i Fælleshuset. Kommer du?"], eva.Texts);
        Assert.Equal([T(ParticipationTexts.ButtonComing), T(ParticipationTexts.ButtonNotToday), T(ParticipationTexts.ButtonWithSomeone)], eva.ButtonLabels);
        Assert.Null(eva.Messages[1].NotBefore);
        await _h.Send("frida", Start);

        var answered = await _h.Press("eva", T(ParticipationTexts.ButtonComing));
        Assert.Equal(["Dejligt, Eva! Vi ses i morgen kl. 17:30."], answered.Texts);
        var mark = await _w.LastOutboxIdAsync();

        await _w.RunUntilAsync(ParticipationKit.Thursday1430);

        Assert.Empty(await _w.InboxAsync("eva", mark));
        Assert.Equal(1, await NudgesAsync("eva"));
        // Frida did not answer: she gets the second nudge like anyone else.
        Assert.Equal(2, await NudgesAsync("frida"));
        Assert.Equal(ParticipationKit.Thursday1430, (await _w.LastNudgeAsync("frida"))!.CreatedAt);
    }

    [SkippableFact]
    public async Task Someone_who_joins_when_the_first_nudge_is_due_but_has_not_run_yet_gets_it_once()
    {
        await _w.JoinAsync("anna");
        await _h.ConsentAsync("eva");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700.AddMinutes(-1));
        // The scheduler fires a few seconds late, and Eva's join comes in first.
        _h.Clock.SetUtcNow(ParticipationKit.Wednesday1700.AddSeconds(20));

        var eva = await _h.Send("eva", Start);
        Assert.Equal([JoinedWednesday, "Hej Eva! Der er Torsdagsmiddag i morgen kl. 17:30 i Fælleshuset. Kommer du?"], eva.Texts);
        await _w.RunDueNowAsync();

        Assert.Equal(1, await NudgesAsync("eva"));
        Assert.Equal(1, await NudgesAsync("anna"));
    }

    [SkippableFact]
    public async Task Joining_late_in_the_evening_holds_the_nudge_until_the_morning()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 25, 22));
        await _h.ConsentAsync("eva");

        var eva = await _h.Send("eva", Start);

        Assert.Equal([JoinedWednesday, "Hej Eva! Der er Torsdagsmiddag i dag kl. 17:30 i Fælleshuset. Kommer du?"], eva.Texts);
        Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 9), eva.Messages[1].NotBefore);
    }

    [SkippableFact]
    public async Task Leave_with_the_activity_button_leaves_removes_future_answers_and_says_welcome_back()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        var (nudgeId, coming) = await _h.FindButtonAsync("anna", T(ParticipationTexts.ButtonComing));
        await _h.Press("anna", T(ParticipationTexts.ButtonComing));

        var choose = await _h.Send("anna", "/leave");
        Assert.Equal([T(ParticipationTexts.LeaveChoose)], choose.Texts);
        Assert.Equal(["Torsdagsmiddag", T(ParticipationTexts.ButtonStay)], choose.ButtonLabels);

        var left = await _h.Press("anna", "Torsdagsmiddag");

        Assert.Equal(["Du er ikke længere med i Torsdagsmiddag. Du er altid velkommen tilbage."], left.Texts);
        Assert.False(await IsMemberAsync("anna"));
        await using (var db = _h.Db())
        {
            Assert.Empty(await db.Rsvps.ToListAsync());
        }
        // The old nudge no longer counts her in, and no second nudge comes.
        var late = await _h.PressPayload("anna", coming.Payload, nudgeId);
        Assert.Equal(T(ParticipationTexts.RsvpNotMember), late.ButtonAnswer);
        var mark = await _w.LastOutboxIdAsync();
        await _w.RunUntilAsync(ParticipationKit.Thursday1430);
        Assert.Empty(await _w.InboxAsync("anna", mark));
        await using var after = _h.Db();
        Assert.Empty(await after.Rsvps.ToListAsync());
    }

    [SkippableFact]
    public async Task Leaving_and_joining_again_after_the_nudge_went_out_works_and_the_old_nudge_counts_again()
    {
        await _w.JoinAsync("anna");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Send("anna", "/leave");
        await _h.Press("anna", "Torsdagsmiddag");
        _h.Clock.Advance(TimeSpan.FromMinutes(30));

        var again = await _h.Send("anna", Start);

        Assert.Equal([JoinedWednesday], again.Texts);
        Assert.True(await IsMemberAsync("anna"));
        var coming = await _h.Press("anna", T(ParticipationTexts.ButtonComing));
        Assert.Equal(["Dejligt, Anna! Vi ses i morgen kl. 17:30."], coming.Texts);
    }

    [SkippableFact]
    public async Task Leave_then_I_will_stay_keeps_the_membership()
    {
        await _w.JoinAsync("anna");
        await _h.Send("anna", "/leave");

        var stay = await _h.Press("anna", T(ParticipationTexts.ButtonStay));

        Assert.Equal([T(ParticipationTexts.LeaveKept)], stay.Texts);
        Assert.True(await IsMemberAsync("anna"));
    }

    [SkippableFact]
    public async Task Leave_without_any_activity_says_so()
    {
        await _h.ConsentAsync("anna");

        var leave = await _h.Send("anna", "/leave");

        Assert.Equal([T(ParticipationTexts.LeaveNone)], leave.Texts);
        Assert.Empty(leave.ButtonLabels);
    }

    [SkippableFact]
    public async Task Leaving_after_a_buddy_said_yes_tells_the_buddy()
    {
        await _w.JoinAsync("anna");
        await _w.MakeBuddyAsync("bo");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("bo", T(ParticipationTexts.ButtonCompanyYes));
        var mark = await _w.LastOutboxIdAsync();

        await _h.Send("anna", "/leave");
        await _h.Press("anna", "Torsdagsmiddag");

        Assert.Equal(["Anna kan alligevel ikke komme denne gang, så I skal ikke mødes. Tak, fordi du ville!"],
            (await _w.InboxAsync("bo", mark)).Select(m => m.Text));
        await using var db = _h.Db();
        Assert.Equal(CompanyStatus.Withdrawn, (await db.CompanyRequests.SingleAsync()).Status);
    }
}

public sealed class InviteTestsOnPostgres : InviteTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
