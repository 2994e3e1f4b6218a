using Makker.Features.Participation;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Participation;

/// <summary>A new time for an activity: occurrences already announced keep theirs, the others move.</summary>
public class ReplanTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task A_new_time_moves_the_occurrences_nobody_has_heard_of_and_keeps_the_announced_one()
    {
        await using var h = await ConversationHarness.StartAsync(Provider);
        var w = await ParticipationWorld.CreateAsync(h);
        await w.JoinAsync("anna");
        await w.RunUntilAsync(ParticipationKit.Wednesday1700); // this week's dinner is announced
        var before = await w.OccurrencesAsync();
        Assert.True(before.Count >= 2);

        await using (var db = h.Db())
        {
            var dinner = await db.Activities.SingleAsync(a => a.Id == w.DinnerId);
            dinner.StartsAt = new TimeOnly(18, 0);
            await db.SaveChangesAsync();
            await h.Services.GetRequiredService<OccurrencePlanner>().ReplanActivityAsync(db, w.DinnerId, h.Clock.GetUtcNow(), CancellationToken.None);
        }

        var after = await w.OccurrencesAsync();
        Assert.Equal(before[0].Id, after[0].Id);
        Assert.Equal(ParticipationKit.Thursday1730, after[0].StartsAt);
        Assert.All(after.Skip(1), o => Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(LocalTimes.ToLocal(o.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")))));
        Assert.Equal(before.Count, after.Count);
    }
}

public sealed class ReplanTestsOnPostgres : ReplanTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
