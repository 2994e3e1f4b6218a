using System.Globalization;
using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// Cancels one occurrence: everyone who said they'd come (and a buddy who was to meet someone) hears it, and
/// nothing more is sent for it. A host does it from /today; the same code serves a coordinator later.
/// </summary>
public sealed class OccurrenceCancellation(IDbContextFactory<MakkerDb> dbs, ConversationEngine engine, ActivityDirectory directory, OutboxSignal signal)
{
    /// <summary>Outside a turn (a job, a dashboard): its own transaction.</summary>
    public async Task<bool> CancelAsync(long occurrenceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var contexts = new List<TurnContext>();
        var told = await CancelAsync(db, directory, occurrenceId, now, (person, zone) =>
        {
            var ctx = engine.CreateOutreach(db, person, now, zone);
            contexts.Add(ctx);
            return ctx;
        }, ct);
        if (told is null)
        {
            return false;
        }
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        return true;
    }

    /// <returns>How many were told, or null when there was nothing to cancel.</returns>
    internal static async Task<int?> CancelAsync(MakkerDb db, ActivityDirectory directory, long occurrenceId, DateTimeOffset now, Func<Person, TimeZoneInfo, TurnContext> contextFor, CancellationToken ct)
    {
        var occurrence = await db.Occurrences.FindAsync([occurrenceId], ct);
        if (occurrence is null || occurrence.CancelledAt is not null || occurrence.StartsAt <= now
            || await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
        {
            return null;
        }
        occurrence.CancelledAt = now;
        var coming = await (from r in db.Rsvps
                            join p in db.People on r.PersonId equals p.Id
                            where r.OccurrenceId == occurrenceId && r.Answer == RsvpAnswer.Coming && !p.Unreachable
                            select p).ToListAsync(ct);
        // A buddy who said yes to meeting someone on the way said they'd come too.
        var buddies = await db.People.Where(p => !p.Unreachable && db.CompanyRequests.Any(r =>
            r.OccurrenceId == occurrenceId && r.Status == CompanyStatus.Matched && r.BuddyPersonId == p.Id)).ToListAsync(ct);
        // Volunteers on shift were coming to help; they hear it too.
        var onShift = await db.People.Where(p => !p.Unreachable && db.ShiftAssignments.Any(a => a.PersonId == p.Id && a.HandedBackAt == null
            && db.Shifts.Any(s => s.Id == a.ShiftId && s.OccurrenceId == occurrenceId))).ToListAsync(ct);
        var told = coming.Concat(buddies).Concat(onShift).DistinctBy(p => p.Id).ToList();
        foreach (var person in told)
        {
            var ctx = contextFor(person, place.Zone);
            ctx.Send(ctx.T(ParticipationTexts.OccurrenceCancelled, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone)));
        }
        await db.CompanyRequests.Where(r => r.OccurrenceId == occurrenceId && r.Status != CompanyStatus.Withdrawn)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CompanyStatus.Withdrawn).SetProperty(r => r.ResolvedAt, now), ct);
        return told.Count;
    }
}

/// <summary>The host's buttons under /today: ask, then confirm or keep.</summary>
public sealed class CancelOccurrenceButtons(ActivityDirectory directory) : IButtonHandler
{
    public const string PromptPurpose = "cancel-occurrence";
    public const string Ask = "ask";
    private const string Yes = "yes";
    private const string No = "no";

    public string Purpose => PromptPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var occurrence = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await ctx.Db.Occurrences.FindAsync([id], ct) : null;
        var place = occurrence is null ? null : await directory.FindAsync(ctx.Db, occurrence.ActivityId, ct);
        var isHost = occurrence is not null && await ctx.Db.ActivityMembers.AnyAsync(m => m.ActivityId == occurrence.ActivityId && m.PersonId == ctx.Person!.Id && m.IsHost, ct);
        if (occurrence is null || place is null || !isHost || occurrence.CancelledAt is not null || ctx.Now >= occurrence.StartsAt)
        {
            token.UsedAt = ctx.Now;
            ctx.ButtonAnswer = ctx.T(ParticipationTexts.RsvpTooLate);
            await ctx.RestoreAsync(messageId, ct: ct);
            return;
        }
        switch (choice)
        {
            case Ask:
                ctx.SendChoice(ctx.T(ParticipationTexts.CancelConfirm, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone)),
                    PromptPurpose, token.Args, [(Yes, ctx.T(ParticipationTexts.ButtonCancelYes)), (No, ctx.T(ParticipationTexts.ButtonCancelNo))], out _);
                await ctx.RestoreAsync(messageId, ct: ct);
                token.UsedAt = ctx.Now;
                return;
            case Yes:
                token.UsedAt = ctx.Now;
                var told = await OccurrenceCancellation.CancelAsync(ctx.Db, directory, occurrence.Id, ctx.Now, (person, zone) => ctx.ReachOut(person, zone), ct) ?? 0;
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonCancelYes), ct: ct);
                ctx.Send(ctx.T(ParticipationTexts.CancelDone, new Dictionary<string, string> { ["count"] = told.ToString(ctx.Culture) }));
                return;
            default:
                token.UsedAt = ctx.Now;
                await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonCancelNo), ct: ct);
                ctx.Send(ctx.T(ParticipationTexts.CancelKept));
                return;
        }
    }
}
