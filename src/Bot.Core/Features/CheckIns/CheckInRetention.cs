using Makker.Scheduling;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

public sealed record RetentionResult(int PeriodsFolded, int AnswersDeleted, int MessagesDeleted);

/// <summary>
/// Folds finished weeks and months into the numbers, then deletes individual answers older than the retention
/// period, with the buttons and messages that showed them. Folding comes first, so the numbers never change.
/// </summary>
public sealed class CheckInRetention(
    IDbContextFactory<MakkerDb> dbs,
    EvaluationNumbers numbers,
    IOptions<CheckInOptions> options,
    ILogger<CheckInRetention> log) : IRecurringWork
{
    public string Id => "checkin-retention";

    public string Name => "Check-in numbers and retention";

    public TimeSpan Every => TimeSpan.FromHours(options.Value.RetentionEveryHours);

    Task IRecurringWork.RunAsync(DateTimeOffset now, CancellationToken ct) => RunAsync(now, ct);

    public async Task<RetentionResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var folded = await numbers.FoldAsync(db, now, ct);

        var cutoff = now.AddDays(-options.Value.KeepAnswersDays);
        // Every old period is folded by now: a period is folded a few days after it ends, long before its answers are this old.
        var answers = await db.CheckIns.Where(c => c.AskedAt < cutoff).ExecuteDeleteAsync(ct);
        string[] purposes = [CheckInStep.Purpose, TalkToSomeone.Purpose];
        await db.ButtonTokens.Where(t => purposes.Contains(t.Purpose) && t.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        // The question, the edit showing the choice and the thank-you repeat the answer: every message that old goes,
        // delivered or given up on; only those still waiting to be sent stay.
        var messages = await db.Outbox.Where(o => o.Status != OutboxStatus.Pending && o.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Check-in retention: {Folded} period(s) folded, {Answers} answer(s) and {Messages} message(s) older than {Days} days deleted",
            folded, answers, messages, options.Value.KeepAnswersDays);
        return new RetentionResult(folded, answers, messages);
    }
}
