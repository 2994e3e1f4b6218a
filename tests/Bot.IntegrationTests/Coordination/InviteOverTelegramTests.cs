using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Coordination;

/// <summary>/invite over Telegram: the link names the bot Telegram reported, and the poster's QR code arrives as a PNG of that link.</summary>
public class InviteOverTelegramTests : RunsOnBothDatabases
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [SkippableFact]
    public async Task A_coordinator_gets_the_invite_link_and_a_png_qr_code_of_it()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(jonas);
        await using (var db = bed.Db())
        {
            db.Activities.Add(new Activity { CommunityId = community.Id, Name = "Torsdagsmiddag", InviteCode = "torsdag-inv1", CreatedAt = bed.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var identity = bed.Host.Services.GetRequiredService<IBotIdentity>();
        await bed.AdvanceUntilAsync(() => identity.Username is not null);

        await jonas.SendTextAsync("/invite");
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1);

        const string link = "https://t.me/makker_test_bot?start=torsdag-inv1";
        Assert.Contains(jonas.Messages, m => m.FromBot && m.Text == $"Invitationen til Torsdagsmiddag: {link}\nDel linket, eller print QR-koden herunder til en plakat.");
        var png = Assert.Single(bed.Telegram.SentDocuments);
        // A picture in the chat, with its caption, as sendPhoto shows it.
        Assert.True(png.IsPhoto);
        Assert.True(jonas.LastBotMessage!.IsPhoto);
        Assert.Equal(jonas.Id, png.ChatId);
        Assert.Equal("invite-torsdagsmiddag.png", png.FileName);
        Assert.Equal("QR-kode til Torsdagsmiddag", png.Caption);
        Assert.Equal(PngSignature, png.Content.Take(PngSignature.Length));
        Assert.Equal(InviteCommand.QrPng(link), png.Content);
    }
}

public sealed class InviteOverTelegramTestsOnPostgres : InviteOverTelegramTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
