using System.Text;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.CheckIns;

/// <summary>A coordinator asks for the numbers over Telegram: the summary as a message, the CSV as a file.</summary>
public class ReportOverTelegramTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task A_coordinator_gets_the_summary_and_the_csv_file_and_a_participant_a_friendly_no()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        var anna = bed.Telegram.AddUser("Anna", "da");
        foreach (var user in new[] { jonas, anna })
        {
            await bed.ConsentAsync(user);
        }
        await using (var db = bed.Db())
        {
            var community = new Community { Name = "Fællesskabet", CreatedAt = bed.Clock.GetUtcNow() };
            db.Communities.Add(community);
            await db.SaveChangesAsync();
            db.Activities.Add(new Activity { CommunityId = community.Id, Name = "Torsdagsmiddag", CreatedAt = bed.Clock.GetUtcNow() });
            var coordinator = await db.People.SingleAsync(p => p.FirstName == "Jonas");
            db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = coordinator.Id, IsCoordinator = true, JoinedAt = bed.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await anna.SendTextAsync("/report");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.Text.StartsWith("Tallene er for koordinatorer", StringComparison.Ordinal) == true);

        await jonas.SendTextAsync("/report");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.Text.StartsWith("Tal under 5 vises som <5", StringComparison.Ordinal) == true);
        Assert.Contains(jonas.Messages, m => m.FromBot && m.Text.StartsWith("Tal for Torsdagsmiddag", StringComparison.Ordinal));

        await jonas.SendTextAsync("/report csv");
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1);
        var file = Assert.Single(bed.Telegram.SentDocuments);
        Assert.Equal(jonas.Id, file.ChatId);
        Assert.Matches("^makker-numbers-2026-11-24\\.csv$", file.FileName);
        Assert.StartsWith("activity,period,start,figure,question,answer,value", Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.StartsWith("Alle tal for dine aktiviteter", file.Caption, StringComparison.Ordinal);
    }
}

public sealed class ReportOverTelegramTestsOnPostgres : ReportOverTelegramTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
