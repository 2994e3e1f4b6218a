using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (embedded default) or "PostgreSQL" (several instances on one database).</summary>
    public string Provider { get; set; } = "Sqlite";

    public bool IsPostgres => Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Folder for the SQLite file, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Overrides the connection string built from DataDirectory.</summary>
    public string? ConnectionString { get; set; }
}

public static class StorageSetup
{
    private static readonly SqliteConnectionSettings SqliteSettings = new();

    public static IServiceCollection AddMakkerStorage(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(options);
        services.AddSingleton(new WriteGate(singleWriter: options.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase)));
        services.AddSingleton<Leases>();
        services.AddSingleton<Makker.Operations.IReadinessCheck, Makker.Operations.DatabaseReadiness>();
        var connectionString = ResolveConnectionString(options, contentRoot);
        services.AddPooledDbContextFactory<MakkerDb>(db =>
        {
            switch (options.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    db.UseSqlite(connectionString).AddInterceptors(SqliteSettings);
                    break;
                case "postgresql":
                    db.UseNpgsql(connectionString);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Storage:Provider '{options.Provider}' is not known. Use 'Sqlite' or 'PostgreSQL'.");
            }
            // The migrations are hand-written and have no model snapshot; a schema test guards drift instead.
            db.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        return services;
    }

    /// <summary>The folder for the bot's own files (the SQLite file, the dashboard's cookie keys), created if missing.</summary>
    public static string ResolveDataDirectory(StorageOptions options, string contentRoot)
    {
        var folder = Path.IsPathRooted(options.DataDirectory) ? options.DataDirectory : Path.Combine(contentRoot, options.DataDirectory);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static string ResolveConnectionString(StorageOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }
        if (options.IsPostgres)
        {
            throw new InvalidOperationException("Storage:Provider is PostgreSQL, so Storage:ConnectionString must be set (Host=...;Database=...;Username=...;Password=...).");
        }
        var folder = ResolveDataDirectory(options, contentRoot);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "makker.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Brings the schema up to date in place, keeping every row.</summary>
    public static async Task MigrateMakkerDbAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakkerDb>();
        if (db.Database.IsSqlite())
        {
            // WAL lets the web chat read while a turn writes; the setting is stored in the file itself.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (pending.Count > 0)
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Makker.Storage")
                .LogInformation("Database schema upgraded with {MigrationCount} step(s): {Migrations}", pending.Count, pending);
        }
    }
}
