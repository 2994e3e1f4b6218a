using Makker.Scheduling;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The one window for everything that links to a person (answers, RSVPs, nudges sent, company requests, shifts,
    /// buttons, broadcasts, login links, messages, who did what in the audit log): older rows are deleted, or reduced to
    /// what happened without who. Folded numbers stay.
    /// </summary>
    public int KeepDays { get; set; } = 180;

    /// <summary>
    /// Incoming update ids, kept so a redelivery is not answered twice: Telegram redelivers for 24 hours, and after a week
    /// of silence its ids may start again from a random number, so they go well before that.
    /// </summary>
    public int KeepReceiptsHours { get; set; } = 48;

    /// <summary>How often retention runs.</summary>
    public int RetentionEveryHours { get; set; } = 24;
}

/// <summary>A feature's part of retention: deletes (or reduces) its rows about people older than the cutoff. Runs inside the retention transaction.</summary>
public interface IRetentionPart
{
    Task<int> PruneAsync(MakkerDb db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct);
}

/// <summary>
/// Keeps only what is needed: every feature's old rows about people go (<see cref="IRetentionPart"/>, the check-ins
/// first folding their numbers), then the engine's own: buttons, messages, dialogs left
/// half-way, and incoming update ids after <see cref="PrivacyOptions.KeepReceiptsHours"/>.
/// </summary>
public sealed class Retention(IDbContextFactory<MakkerDb> dbs, IEnumerable<IRetentionPart> parts, IOptions<PrivacyOptions> options,
    ILogger<Retention> log) : IRecurringWork
{
    public string Id => "retention";

    public string Name => "Retention: nothing about people kept longer than needed";

    public TimeSpan Every => TimeSpan.FromHours(options.Value.RetentionEveryHours);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cutoff = now.AddDays(-options.Value.KeepDays);
        var rows = 0;
        foreach (var part in parts)
        {
            rows += await part.PruneAsync(db, now, cutoff, ct);
        }
        rows += await db.ButtonTokens.Where(t => t.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        // The messages repeat answers and names. One still waiting after the whole window will never be of use either.
        rows += await db.Outbox.Where(o => o.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        rows += await db.DialogStates.Where(s => s.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
        var receiptsCutoff = now.AddHours(-options.Value.KeepReceiptsHours);
        var receipts = await db.InboundReceipts.Where(r => r.ReceivedAt < receiptsCutoff).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Retention: {Rows} row(s) older than {Days} days and {Receipts} update id(s) older than {Hours} hours deleted or reduced",
            rows, options.Value.KeepDays, receipts, options.Value.KeepReceiptsHours);
    }
}
