using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Microsoft.EntityFrameworkCore;
using Makker.Tests.Harness;

namespace Makker.Tests.Features.Coordination;

/// <summary>/invite without Telegram: a code to type, or the link and QR code when the setting names the bot.</summary>
public class InviteTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task Without_a_bot_username_the_invite_is_the_code_to_type()
    {
        await using var h = await ConversationHarness.StartAsync(Provider);
        var w = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(w).MakeCoordinatorAsync("jonas");

        var replies = await h.Send("jonas", "/invite");

        Assert.Equal(["Invitationen til Torsdagsmiddag: skriv /start torsdag-inv1 til Makker."], replies.Texts);
    }

    private static async Task<Activity> ActivityAsync(ConversationHarness h)
    {
        await using var db = h.Db();
        return await db.Activities.SingleAsync();
    }

    [SkippableFact]
    public async Task A_renewed_invite_works_at_once_and_the_old_link_asks_for_a_new_one()
    {
        await using var h = await ConversationHarness.StartAsync(Provider, new Dictionary<string, string?> { ["Bot:Username"] = "@makker_bot" });
        var w = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(w).MakeCoordinatorAsync("jonas");
        await h.Send("jonas", "/invite");

        var renewed = await h.PressShownAsync("jonas", h.T(CoordinationTexts.ButtonInviteRenew));

        var activity = await ActivityAsync(h);
        Assert.NotEqual(ParticipationWorld.InviteCode, activity.InviteCode);
        Assert.Null(activity.InviteExpiresAt);
        Assert.Equal(h.T(CoordinationTexts.InviteRenewed), renewed.Texts[0]);
        Assert.StartsWith($"Invitationen til Torsdagsmiddag: https://t.me/makker_bot?start={activity.InviteCode}", renewed.Texts[1], StringComparison.Ordinal);
        Assert.Equal(InviteCommand.QrPng($"https://t.me/makker_bot?start={activity.InviteCode}"), Assert.Single(renewed.Messages, m => m.DocumentName is not null).DocumentBytes);
        await using (var db = h.Db())
        {
            Assert.Contains("invite.renew", await db.AuditLog.Select(a => a.Action).ToListAsync());
        }

        await h.ConsentAsync("anna");
        Assert.Equal([h.T(ParticipationTexts.JoinUnknownCode)], (await h.Send("anna", "/start " + ParticipationWorld.InviteCode)).Texts);
        Assert.StartsWith("Velkommen til Torsdagsmiddag", (await h.Send("anna", "/start " + activity.InviteCode)).Texts[0], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_invite_given_an_end_date_stops_at_it_and_asking_again_gives_a_new_one()
    {
        await using var h = await ConversationHarness.StartAsync(Provider);
        var w = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(w).MakeCoordinatorAsync("jonas");
        await h.Send("jonas", "/invite");

        var until = await h.PressShownAsync("jonas", h.T(CoordinationTexts.ButtonInvite14Days));

        Assert.Equal(["Linket til Torsdagsmiddag virker til tirsdag den 8. december. Skriv /invite, hvis du vil have et nyt link eller en anden slutdato."], until.Texts);
        Assert.Equal(h.Clock.GetUtcNow().AddDays(14), (await ActivityAsync(h)).InviteExpiresAt);
        await h.ConsentAsync("anna");
        await h.ConsentAsync("bo");
        h.Clock.Advance(TimeSpan.FromDays(13));
        Assert.StartsWith("Velkommen til Torsdagsmiddag", (await h.Send("anna", "/start " + ParticipationWorld.InviteCode)).Texts[0], StringComparison.Ordinal);
        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal([h.T(ParticipationTexts.JoinExpired)], (await h.Send("bo", "/start " + ParticipationWorld.InviteCode)).Texts);

        // Asked for after it ran out: a new code, with no end date until one is given.
        var again = await h.Send("jonas", "/invite");
        var activity = await ActivityAsync(h);
        Assert.NotEqual(ParticipationWorld.InviteCode, activity.InviteCode);
        Assert.Null(activity.InviteExpiresAt);
        Assert.Equal([$"Invitationen til Torsdagsmiddag: skriv /start {activity.InviteCode} til Makker."], again.Texts);
        var open = await h.PressShownAsync("jonas", h.T(CoordinationTexts.ButtonInvite90Days));
        Assert.Equal(h.Clock.GetUtcNow().AddDays(90), (await ActivityAsync(h)).InviteExpiresAt);
        Assert.Single(open.Texts);
        await h.Send("jonas", "/invite");
        await h.PressShownAsync("jonas", h.T(CoordinationTexts.ButtonInviteNoEnd));
        Assert.Null((await ActivityAsync(h)).InviteExpiresAt);
        Assert.StartsWith("Velkommen til Torsdagsmiddag", (await h.Send("bo", "/start " + activity.InviteCode)).Texts[0], StringComparison.Ordinal);

        // Each change is in the audit log.
        await using var db = h.Db();
        Assert.Equal(["invite.expiry", "invite.renew", "invite.expiry", "invite.expiry"],
            await db.AuditLog.Where(a => a.Action.StartsWith("invite.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [SkippableFact]
    public async Task With_the_username_setting_the_invite_is_the_link_and_its_qr_code_as_a_png()
    {
        await using var h = await ConversationHarness.StartAsync(Provider, new Dictionary<string, string?> { ["Bot:Username"] = "@makker_bot" });
        var w = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(w).MakeCoordinatorAsync("jonas");

        var replies = await h.Send("jonas", "/invite");

        var file = Assert.Single(replies.Messages, m => m.DocumentName is not null);
        Assert.Equal(InviteCommand.QrPng("https://t.me/makker_bot?start=torsdag-inv1"), file.DocumentBytes);
        Assert.Null(file.DocumentText);
        Assert.StartsWith("Invitationen til Torsdagsmiddag: https://t.me/makker_bot?start=torsdag-inv1", replies.Texts[0]);
        await h.ConsentAsync("anna");
        Assert.Equal([h.T(CoordinationTexts.NotCoordinator)], (await h.Send("anna", "/invite")).Texts);
    }
}

public sealed class InviteTestsOnPostgres : InviteTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
