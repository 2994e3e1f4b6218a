using Makker.Features.Privacy;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

public sealed record RetentionResult(int PeriodsFolded, int AnswersDeleted, int MessagesDeleted);

/// <summary>
/// The check-ins' part of retention: finished weeks and months are folded into the numbers first, so the numbers never
/// change, then individual answers older than the window go (their buttons and messages go with the engine's part).
/// </summary>
public sealed class CheckInRetention(IDbContextFactory<MakkerDb> dbs, EvaluationNumbers numbers, IOptions<PrivacyOptions> options) : IRetentionPart
{
    public async Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var (folded, answers) = await FoldAndPruneAsync(db, now, cutoff, ct);
        return folded + answers;
    }

    private async Task<(int Folded, int Answers)> FoldAndPruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        // Every old period is folded by now: a period is folded a few days after it ends, long before its answers are this old.
        var folded = await numbers.FoldAsync(db, now, ct);
        return (folded, await db.CheckIns.Where(c => c.AskedAt < cutoff).ExecuteDeleteAsync(ct));
    }

    /// <summary>Folds what is due and deletes old answers now (tests; the host runs it within <see cref="Retention"/>).</summary>
    public async Task<RetentionResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cutoff = now.AddDays(-options.Value.KeepDays);
        var (folded, answers) = await FoldAndPruneAsync(db, now, cutoff, ct);
        string[] purposes = [CheckInStep.Purpose, TalkToSomeone.Purpose];
        await db.ButtonTokens.Where(t => purposes.Contains(t.Purpose) && t.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        var messages = await db.Outbox.Where(o => o.Status != OutboxStatus.Pending && o.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return new RetentionResult(folded, answers, messages);
    }
}
