using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Operations;

public sealed record ReadinessResult(string Name, bool Ready, string Detail);

/// <summary>One thing /readyz looks at: the database, the scheduler, the channel. Each part registers its own.</summary>
public interface IReadinessCheck
{
    Task<ReadinessResult> CheckAsync(CancellationToken ct);
}

/// <summary>The database answers and its schema is up to date.</summary>
public sealed class DatabaseReadiness(IDbContextFactory<MakkerDb> dbs) : IReadinessCheck
{
    public async Task<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct))
            {
                return new ReadinessResult("database", false, "cannot connect");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            return pending == 0
                ? new ReadinessResult("database", true, "ok")
                : new ReadinessResult("database", false, $"{pending} migration(s) not applied");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ReadinessResult("database", false, e.GetType().Name);
        }
    }
}
