using System.Globalization;
using Makker.Conversations;
using Makker.Scheduling;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Announcements;

/// <summary>
/// The delivery report: once no copy of an announcement is waiting any more, the coordinator hears how many got
/// it and how many could not be reached.
/// </summary>
public sealed class BroadcastReports(IDbContextFactory<MakkerDb> dbs, ConversationEngine engine, OutboxSignal signal, IOptions<AnnouncementOptions> options)
    : IRecurringWork
{
    public string Id => "broadcast-reports";

    public string Name => "Announcement delivery reports";

    public TimeSpan Every => TimeSpan.FromMinutes(options.Value.ReportEveryMinutes);

    Task IRecurringWork.RunAsync(DateTimeOffset now, CancellationToken ct) => RunAsync(now, ct);

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var done = await db.Broadcasts
            .Where(b => b.ConfirmedAt != null && b.ReportedAt == null && b.CancelledAt == null
                && !db.Outbox.Any(o => o.BroadcastId == b.Id && o.Status == OutboxStatus.Pending))
            .ToListAsync(ct);
        var contexts = new List<TurnContext>();
        foreach (var broadcast in done)
        {
            broadcast.ReportedAt = now;
            if (broadcast.CoordinatorPersonId is not { } coordinatorId || await db.People.FindAsync([coordinatorId], ct) is not { } coordinator)
            {
                continue;
            }
            var (sent, failed) = await CountAsync(db, broadcast, ct);
            var ctx = engine.CreateOutreach(db, coordinator, now);
            ctx.Send(ctx.T(failed == 0 ? AnnouncementTexts.ReportAll : AnnouncementTexts.Report, new Dictionary<string, string>
            {
                ["sent"] = sent.ToString(ctx.Culture),
                ["failed"] = failed.ToString(ctx.Culture),
            }));
            contexts.Add(ctx);
        }
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        if (contexts.Count > 0)
        {
            signal.Pulse();
        }
        return done.Count;
    }

    public static async Task<(int Sent, int Failed)> CountAsync(MakkerDb db, Broadcast broadcast, CancellationToken ct)
    {
        var copies = await db.Outbox.Where(o => o.BroadcastId == broadcast.Id).GroupBy(o => o.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var sent = copies.Where(c => c.Key == OutboxStatus.Sent).Sum(c => c.Count);
        var failed = copies.Where(c => c.Key == OutboxStatus.Failed).Sum(c => c.Count) + broadcast.Unreachable;
        return (sent, failed);
    }
}

/// <summary>"Stop sending": the copies not yet sent are taken back, and the coordinator hears how far it got.</summary>
public sealed class StopBroadcastButtons : IButtonHandler
{
    public string Purpose => AnnounceCommand.StopPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var broadcast = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Broadcasts.FindAsync([id], ct) : null;
        if (broadcast is null || broadcast.CoordinatorPersonId != ctx.Person!.Id || broadcast.ReportedAt is not null || broadcast.CancelledAt is not null)
        {
            await ctx.CloseButtonsAsync(messageId, AnnouncementTexts.AlreadyDone, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        var stopped = await db.Outbox.Where(o => o.BroadcastId == broadcast.Id && o.Status == OutboxStatus.Pending).ExecuteDeleteAsync(ct);
        broadcast.CancelledAt = ctx.Now;
        broadcast.ReportedAt = ctx.Now;
        var (sent, _) = await BroadcastReports.CountAsync(db, broadcast, ct);
        await ctx.ShowChosenAsync(messageId, ctx.T(AnnouncementTexts.ButtonStop), ct: ct);
        ctx.Send(ctx.T(AnnouncementTexts.Stopped, new Dictionary<string, string>
        {
            ["sent"] = sent.ToString(ctx.Culture),
            ["stopped"] = stopped.ToString(ctx.Culture),
        }));
    }
}
