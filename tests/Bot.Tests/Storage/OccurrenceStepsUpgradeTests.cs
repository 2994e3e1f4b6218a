using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Storage;

/// <summary>
/// A database from before occurrence_steps (the steps as columns on occurrences, Quartz's tables beside them) is
/// upgraded in place: the steps that ran stay done, those that had not run still run, and none runs twice.
/// </summary>
public class OccurrenceStepsUpgradeTests : RunsOnBothDatabases
{
    private const string BeforeSteps = "20261123000010_Leases";
    private static readonly DateTimeOffset Thursday1730 = ParticipationWorld.Local(2026, 11, 26, 17, 30);

    [SkippableFact]
    public async Task The_steps_that_ran_stay_done_and_the_rest_run_once_after_the_upgrade()
    {
        var folder = Directory.CreateTempSubdirectory("makker-upgrade-").FullName;
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder };
        var postgres = Provider == StorageProvider.PostgreSQL ? await TestPostgres.NewEmptyDatabaseAsync() : null;
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "PostgreSQL";
            settings["Storage:ConnectionString"] = postgres;
        }
        try
        {
            long occurrenceId;
            await using (var storage = StorageWith(settings, folder))
            {
                await using var db = await storage.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContextAsync();
                await db.GetService<IMigrator>().MigrateAsync(BeforeSteps);
                occurrenceId = await SeedBeforeStepsAsync(db);
            }

            await using var h = await ConversationHarness.StartAsync(settings: settings);
            h.Clock.SetUtcNow(Thursday1730.AddHours(-3)); // the second nudge and the briefing are due
            await using (var db = h.Db())
            {
                var steps = await db.OccurrenceSteps.Where(s => s.OccurrenceId == occurrenceId).ToDictionaryAsync(s => s.Step, s => s.DoneAt);
                Assert.NotNull(steps["first-nudge"]);
                Assert.NotNull(steps["coverage-first"]);
                Assert.Equal(["coverage-first", "first-nudge"], steps.Keys.Order());
                Assert.False(await TableExistsAsync(db, "qrtz_locks"), "Quartz's tables should be gone");
            }

            await RunDueStepsAsync(h);
            await RunDueStepsAsync(h); // a second look, as a rerun of every job would be: nothing more

            await using (var db = h.Db())
            {
                Assert.Equal(0, await db.Outbox.CountAsync(o => o.Text.Contains("Kommer du?")));
                Assert.Equal(1, await db.Outbox.CountAsync(o => o.Address == "bo" && o.Text.Contains("ikke passer i dag")));
                Assert.Equal(0, await db.Outbox.CountAsync(o => o.Address == "anna"));
                Assert.Equal(1, await db.Outbox.CountAsync(o => o.Address == "mette" && o.Text.StartsWith("Torsdagsmiddag")));
                Assert.Equal(3, await db.NudgesSent.CountAsync());
                var steps = await db.OccurrenceSteps.Where(s => s.OccurrenceId == occurrenceId).ToDictionaryAsync(s => s.Step, s => s.DoneAt);
                Assert.NotNull(steps["second-nudge"]);
                Assert.NotNull(steps["briefing"]);
                Assert.Null(steps["check-in"]);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            if (postgres is not null)
            {
                await TestPostgres.DropAsync(postgres);
            }
        }
    }

    /// <summary>
    /// The Thursday dinner as the version before saved it: its first nudge went to Anna and Bo (Anna said yes), the
    /// first coverage alert went out, nothing else has run; Quartz had its tables in the same database.
    /// </summary>
    private static async Task<long> SeedBeforeStepsAsync(MakkerDb db)
    {
        var then = Thursday1730.AddDays(-2);
        var community = new Community { Name = "Fællesskabet", CreatedAt = then };
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        var dinner = new Activity { CommunityId = community.Id, Name = "Torsdagsmiddag", Place = "Fælleshuset", Days = WeekDays.Thursday, StartsAt = new TimeOnly(17, 30), DurationMinutes = 150, CreatedAt = then };
        db.Activities.Add(dinner);
        await db.SaveChangesAsync();
        // People as that schema had them: written with its own columns, since the model has more by now.
        foreach (var who in new[] { "anna", "bo", "mette" })
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO people (\"Channel\", \"ExternalId\", \"FirstName\", \"Language\", \"Consent\", \"ConsentChangedAt\", \"PausedIndefinitely\", \"Unreachable\", \"CreatedAt\") "
                + "VALUES ({0}, {1}, {2}, 'da', {3}, {4}, FALSE, FALSE, {4})",
                ConversationHarness.Channel, who, char.ToUpperInvariant(who[0]) + who[1..], (int)ConsentState.Given, Stamp(db, then));
        }
        var people = await db.People.OrderBy(p => p.Id).Select(p => new { p.Id, p.ExternalId }).ToListAsync();
        foreach (var p in people)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO activity_members (\"ActivityId\", \"PersonId\", \"IsHost\", \"JoinedAt\") VALUES ({0}, {1}, {2}, {3})",
                dinner.Id, p.Id, p.ExternalId == "mette", Stamp(db, then));
        }
        db.CommunityMembers.AddRange(people.Select(p => new CommunityMember { CommunityId = community.Id, PersonId = p.Id, JoinedAt = then }));
        await db.SaveChangesAsync();

        var firstNudgeAt = ParticipationWorld.Local(2026, 11, 25, 17, 0);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO occurrences (\"ActivityId\", \"StartsAt\", \"EndsAt\", \"CancelledAt\", \"FirstNudgeDoneAt\", \"SecondNudgeDoneAt\", \"BriefingDoneAt\", "
            + "\"CheckInDoneAt\", \"CheckInDigestDoneAt\", \"CoverageAlertsSent\", \"CreatedAt\") VALUES ({0}, {1}, {2}, NULL, {3}, NULL, NULL, NULL, NULL, 1, {4})",
            dinner.Id, Stamp(db, Thursday1730), Stamp(db, Thursday1730.AddMinutes(150)), Stamp(db, firstNudgeAt), Stamp(db, then));
        var occurrenceId = await db.Occurrences.Select(o => o.Id).SingleAsync();
        var anna = people[0];
        db.NudgesSent.AddRange(people.Take(2).Select(p => new NudgeSent { OccurrenceId = occurrenceId, PersonId = p.Id, Phase = (int)NudgeRound.First, SentAt = firstNudgeAt }));
        db.Rsvps.Add(new Rsvp { OccurrenceId = occurrenceId, PersonId = anna.Id, Answer = RsvpAnswer.Coming, AnsweredAt = firstNudgeAt.AddMinutes(5) });
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE qrtz_locks (sched_name varchar(120) NOT NULL, lock_name varchar(40) NOT NULL)");
        return occurrenceId;
    }

    /// <summary>As the sweep and the step jobs do it: plan, then run every step that is due now.</summary>
    private static async Task RunDueStepsAsync(ConversationHarness h)
    {
        var planner = h.Services.GetRequiredService<OccurrencePlanner>();
        var runner = h.Services.GetRequiredService<OccurrenceStepRunner>();
        var now = h.Clock.GetUtcNow();
        await planner.PlanAsync(now, CancellationToken.None);
        foreach (var step in await planner.PendingStepsAsync(now, now, CancellationToken.None))
        {
            await runner.RunAsync(step.OccurrenceId, step.Step, now, CancellationToken.None);
        }
    }

    /// <summary>A time stamp as each database stores it (UTC ticks on SQLite, see MakkerDb).</summary>
    private static object Stamp(MakkerDb db, DateTimeOffset at) =>
        db.Database.IsSqlite() ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(at)! : at.ToUniversalTime();

    private static async Task<bool> TableExistsAsync(MakkerDb db, string table) =>
        await db.Database.SqlQueryRaw<int>(db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = {0}", table).SingleAsync() > 0;

    private static ServiceProvider StorageWith(Dictionary<string, string?> settings, string folder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerStorage(configuration, folder);
        return services.BuildServiceProvider();
    }
}

public sealed class OccurrenceStepsUpgradeTestsOnPostgres : OccurrenceStepsUpgradeTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
