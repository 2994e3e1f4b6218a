using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Storage;

/// <summary>
/// The same schema on PostgreSQL, the database for several instances. (The same behaviour is checked by running the
/// feature and storage tests on it too: see <see cref="RunsOnBothDatabases"/>.)
/// </summary>
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

    private static ServiceProvider StorageOn(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(On(connectionString)).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerStorage(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }
}
