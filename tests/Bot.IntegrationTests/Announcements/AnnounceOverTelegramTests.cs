using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Announcements;

/// <summary>An announcement end to end: written in Telegram, every recipient gets it from the fake server, and the report follows.</summary>
public class AnnounceOverTelegramTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task Every_member_receives_the_announcement_once_and_the_coordinator_gets_the_report()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var members = Enumerable.Range(1, 6).Select(i => bed.Telegram.AddUser($"Medlem{i}", "da")).ToList();
        foreach (var user in members.Prepend(jonas))
        {
            await bed.ConsentAsync(user);
        }
        await using (var db = bed.Db())
        {
            var community = new Community { Name = "Fællesskabet", CreatedAt = bed.Clock.GetUtcNow() };
            db.Communities.Add(community);
            await db.SaveChangesAsync();
            foreach (var person in await db.People.ToListAsync())
            {
                db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = person.Id, IsCoordinator = person.FirstName == "Jonas", JoinedAt = bed.Clock.GetUtcNow() });
            }
            await db.SaveChangesAsync();
        }

        await jonas.SendTextAsync("/announce");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.Text.StartsWith("Skriv beskeden", StringComparison.Ordinal) == true);
        await jonas.SendTextAsync("Husk: på torsdag spiser vi i haven.");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.ButtonLabels.Contains("Alle i Fællesskabet") == true);
        await jonas.PressAsync("Alle i Fællesskabet");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.ButtonLabels.Contains("Send") == true);
        await jonas.PressAsync("Send");

        const string expected = "Husk: på torsdag spiser vi i haven.\n\n– Jonas, Fællesskabet";
        await bed.AdvanceUntilAsync(() => members.All(m => m.Messages.Any(x => x.FromBot && x.Text == expected)));
        var reports = bed.Host.Services.GetRequiredService<BroadcastReports>();
        await bed.AdvanceUntilAsync(() => reports.RunAsync(bed.Clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult() == 1);
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.Text == "Din besked er sendt til alle 6.");

        Assert.All(members, m => Assert.Single(m.Messages, x => x.FromBot && x.Text == expected));
        // Jonas saw it once, as the preview; he is not sent a copy of his own message.
        Assert.Single(jonas.Messages, x => x.FromBot && x.Text == expected);
    }
}

public sealed class AnnounceOverTelegramTestsOnPostgres : AnnounceOverTelegramTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
