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
        var sqlite = options.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase);
        services.AddSingleton(new WriteGate(singleWriter: sqlite));
        services.AddSingleton<Leases>();
        services.AddSingleton<Makker.Operations.IReadinessCheck, Makker.Operations.DatabaseReadiness>();
        var connectionString = ResolveConnectionString(options, contentRoot);
        if (sqlite)
        {
            services.AddSingleton<SqliteCheckpointer>();
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }
        services.AddPooledDbContextFactory<MakkerDb>(db =>
        {
            switch (options.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    db.UseSqlite(connectionString).AddInterceptors(SqliteSettings);
                    break;
                case "postgresql":
                    db.UseNpgsql(TunedPostgresConnectionString(connectionString));
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

    /// <summary>
    /// Fewer round trips and less work for PostgreSQL per turn. Npgsql sends DISCARD ALL each time a pooled connection is
    /// given back, which only matters when a connection's session state is changed (SET, temporary tables, LISTEN):
    /// Makker changes none, and a turn gives back two connections. And it lets Npgsql prepare the statements a host runs
    /// over and over (a turn's look-ups and inserts), so PostgreSQL parses and plans them once per connection; in the
    /// inbound benchmark one turn alone went from 5.6 to 2.6 ms. What the connection string says itself is kept.
    /// </summary>
    public static string TunedPostgresConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("reset on close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (!connectionString.Contains("auto prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
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
