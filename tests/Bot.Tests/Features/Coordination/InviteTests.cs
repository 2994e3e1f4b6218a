using Makker.Features.Coordination;
using Makker.Testing;
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
