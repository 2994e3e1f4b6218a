using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Tests.Features.Participation;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Storage;

/// <summary>The same schema and the same behaviour on PostgreSQL, the database for several instances.</summary>
public sealed class PostgresTests
{
    private static Dictionary<string, string?> On(string connectionString) => new()
    {
        ["Storage:Provider"] = "PostgreSQL",
        ["Storage:ConnectionString"] = connectionString,
    };

    [SkippableFact]
    public async Task The_migrations_build_exactly_the_schema_of_the_current_model_on_PostgreSQL()
    {
        var migrated = await TestPostgres.NewEmptyDatabaseAsync();
        var created = await TestPostgres.NewEmptyDatabaseAsync();
        try
        {
            await using (var storage = StorageOn(migrated))
            {
                await storage.MigrateMakkerDbAsync();
                await storage.MigrateMakkerDbAsync(); // a second run changes nothing
            }
            await using (var storage = StorageOn(created))
            {
                await using var db = await storage.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContextAsync();
                Assert.True(await db.Database.EnsureCreatedAsync());
            }

            var fromMigrations = await TestPostgres.ReadSchemaAsync(migrated);
            var fromModel = await TestPostgres.ReadSchemaAsync(created);
            Assert.Contains(fromModel, l => l.StartsWith("people.Channel ", StringComparison.Ordinal));
            Assert.Contains(fromModel, l => l.StartsWith("check_ins.Id bigint", StringComparison.Ordinal) && l.EndsWith(" YES", StringComparison.Ordinal));
            var onlyModel = fromModel.Except(fromMigrations).ToList();
            var onlyMigrations = fromMigrations.Except(fromModel).ToList();
            Assert.True(onlyModel.Count == 0 && onlyMigrations.Count == 0,
                $"Only in the model:\n  {string.Join("\n  ", onlyModel)}\nOnly in the migrations:\n  {string.Join("\n  ", onlyMigrations)}");
        }
        finally
        {
            await TestPostgres.DropAsync(migrated);
            await TestPostgres.DropAsync(created);
        }
    }

    [SkippableFact]
    public async Task A_dinner_from_invite_to_check_in_numbers_and_forget_works_on_PostgreSQL()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        try
        {
            await using var h = await ConversationHarness.StartAsync(On(database));
            var w = await ParticipationWorld.CreateAsync(h);
            await w.MakeHostAsync("hanne");
            var people = new[] { "anna", "bo", "carl", "dora", "erik" };
            foreach (var who in people)
            {
                await w.JoinAsync(who);
            }
            await w.RunUntilAsync(ParticipationKit.Wednesday1700);
            foreach (var who in people)
            {
                Assert.NotNull(await w.LastNudgeAsync(who));
                await h.Press(who, h.T(ParticipationTexts.ButtonComing));
            }
            await w.RunUntilAsync(ParticipationKit.Thursday1430);
            Assert.Contains(await w.InboxAsync("hanne"), m => m.Text.Contains("Kommer: 5"));

            await w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 30));
            foreach (var who in people)
            {
                await h.PressShownAsync(who, "Godt");
            }
            await w.RunUntilAsync(ParticipationWorld.Local(2026, 11, 28, 20, 30));
            Assert.Contains(await w.InboxAsync("hanne"), m => m.Text.Contains("Godt: 5"));

            var place = (await h.Services.GetRequiredService<ActivityDirectory>().FindAsync(h.Db(), w.DinnerId, CancellationToken.None))!;
            await using (var db = h.Db())
            {
                var week = Period.Containing(PeriodKind.Week, new DateOnly(2026, 11, 26));
                var figures = await EvaluationNumbers.CountAsync(db, place, week, h.Clock.GetUtcNow(), CancellationToken.None);
                Assert.Equal((1, 5, 5), (figures.Held, figures.Coming, figures.FirstTime));
                Assert.Equal(5, Assert.Single(figures.Questions).Answers["good"]);
            }

            var anna = await h.PersonAsync("anna");
            await h.Send("anna", "/forget");
            await h.Press("anna", "Ja, slet det hele");
            await using (var db = h.Db())
            {
                Assert.False(await db.People.AnyAsync(p => p.Id == anna.Id));
                Assert.False(await db.CheckIns.AnyAsync(c => c.PersonId == anna.Id));
                Assert.False(await db.Rsvps.AnyAsync(r => r.PersonId == anna.Id));
            }
        }
        finally
        {
            await TestPostgres.DropAsync(database);
        }
    }

    [SkippableFact]
    public async Task Two_volunteers_taking_the_last_place_at_the_same_moment_on_PostgreSQL_one_gets_it_and_the_other_is_thanked()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        try
        {
            await using var h = await ConversationHarness.StartAsync(On(database));
            var v = new VolunteerWorld(await ParticipationWorld.CreateAsync(h));
            await v.AddShiftAsync("cooking", new TimeOnly(15, 30), new TimeOnly(18, 0), needed: 1);
            await v.AddVolunteerAsync("ali");
            await v.AddVolunteerAsync("birgit");
            await v.RoundNowAsync();
            var toAli = (await v.LastPromptAsync("ali"))!;
            var toBirgit = (await v.LastPromptAsync("birgit"))!;
            await using var other = h.StartOtherInstance();

            await Task.WhenAll(
                h.Engine.HandleAsync(Press(h, "ali", toAli)),
                other.GetRequiredService<Makker.Conversations.ConversationEngine>().HandleAsync(Press(h, "birgit", toBirgit)));

            var onShift = Assert.Single(await v.OnShiftAsync("cooking"));
            var loser = onShift == "ali" ? "birgit" : "ali";
            Assert.Equal(h.T(VolunteeringTexts.Covered), (await v.W.InboxAsync(loser))[^1].Text);
            await using var db = h.Db();
            Assert.Equal(1, (await db.Shifts.SingleAsync()).Taken);
        }
        finally
        {
            await TestPostgres.DropAsync(database);
        }
    }

    private static Makker.Conversations.IncomingMessage Press(ConversationHarness h, string who, OutboxMessage message) =>
        new(ConversationHarness.Key(who), h.Clock.GetUtcNow())
        {
            ButtonPayload = Replies.ParseButtons(message.ButtonsJson)[0][0].Payload,
            ButtonMessageId = message.Id,
            LanguageHint = "da",
        };

    private static ServiceProvider StorageOn(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(On(connectionString)).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerStorage(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }
}
