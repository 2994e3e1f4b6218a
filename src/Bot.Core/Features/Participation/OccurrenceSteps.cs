using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>
/// Runs one scheduled step of one occurrence and fans out to people at that moment: the nudges, the host
/// briefing. Each step runs once: its "done" mark is saved in the same transaction as its messages.
/// </summary>
public sealed class OccurrenceSteps(
    IDbContextFactory<MakkerDb> dbs,
    ConversationEngine engine,
    ActivityDirectory directory,
    Nudges nudges,
    Company company,
    OutboxSignal signal,
    IEnumerable<IOccurrenceStep> laterSteps,
    IEnumerable<IBriefingSection> briefingSections,
    IOptions<ParticipationOptions> options,
    ILogger<OccurrenceSteps> log)
{
    /// <param name="early">Runs the step before its time (the local demo's "next step now" button).</param>
    /// <returns>How many people got a message; null when the step did not run (already done, or not due).</returns>
    public async Task<int?> RunAsync(long occurrenceId, OccurrencePhase phase, DateTimeOffset now, CancellationToken ct, bool early = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(occurrenceId, phase, now, ct, early);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another step of the same occurrence (the briefing and the second nudge share their time), or the
                // shift rounds, saved it a moment earlier, perhaps on another instance. This attempt was rolled
                // back whole; run it again on what is there now, and it finds its own step done or not.
                log.LogInformation("Occurrence {OccurrenceId} changed while its {Phase} ran; running it again", occurrenceId, phase);
            }
        }
    }

    private async Task<int?> RunOnceAsync(long occurrenceId, OccurrencePhase phase, DateTimeOffset now, CancellationToken ct, bool early)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var occurrence = await db.Occurrences.FindAsync([occurrenceId], ct);
        if (occurrence is null || occurrence.DoneAt(phase) is not null
            || await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
        {
            return null;
        }
        var contexts = new List<TurnContext>();
        var other = laterSteps.FirstOrDefault(s => s.Phase == phase);
        var due = other is null ? OccurrencePhases.DueAt(phase, place.Activity, occurrence, place.Zone) : other.DueAt(place.Activity, occurrence, place.Zone);
        if (!early && due > now.AddMinutes(1))
        {
            // The activity's times changed after the trigger was set; the planner gives it a new one.
            return null;
        }
        if (other is not null)
        {
            if (occurrence.CancelledAt is null && due is not null)
            {
                await other.RunAsync(db, place, occurrence, now, person =>
                {
                    var ctx = engine.CreateOutreach(db, person, now, place.Zone);
                    contexts.Add(ctx);
                    return ctx;
                }, ct);
            }
        }
        else if (occurrence.CancelledAt is null && due is not null && now < occurrence.StartsAt && !TooLate(phase, due.Value, occurrence, now))
        {
            switch (phase)
            {
                case OccurrencePhase.FirstNudge or OccurrencePhase.SecondNudge:
                    foreach (var person in await nudges.RecipientsAsync(db, occurrence, phase, now, ct))
                    {
                        var ctx = engine.CreateOutreach(db, person, now, place.Zone);
                        if (nudges.TryQueueToRecipient(ctx, place, occurrence, phase, now))
                        {
                            contexts.Add(ctx);
                        }
                    }
                    break;
                case OccurrencePhase.Briefing:
                    await BriefAsync(db, place, occurrence, now, contexts, ct);
                    break;
            }
        }
        occurrence.MarkDone(phase, now);
        await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        log.LogInformation("Ran {Phase} of occurrence {OccurrenceId}: {Messages} message(s)", phase, occurrence.Id, contexts.Count);
        return contexts.Count;
    }

    /// <summary>A nudge whose time passed while the bot was down goes out late only while there is time to come.</summary>
    private bool TooLate(OccurrencePhase phase, DateTimeOffset due, Occurrence occurrence, DateTimeOffset now) =>
        phase != OccurrencePhase.Briefing
        && now - due > TimeSpan.FromMinutes(1)
        && occurrence.StartsAt - now <= TimeSpan.FromMinutes(options.Value.LateNudgeMinimumLeadMinutes);

    private async Task BriefAsync(MakkerDb db, ActivityPlace place, Occurrence occurrence, DateTimeOffset now, List<TurnContext> contexts, CancellationToken ct)
    {
        var hosts = await Briefings.HostsAsync(db, place.Activity.Id, ct);
        // Nobody said yes to keep them company: the host welcomes them at the door instead, and they hear so.
        foreach (var request in await db.CompanyRequests.Where(r => r.OccurrenceId == occurrence.Id && r.Status == CompanyStatus.Open).ToListAsync(ct))
        {
            if (await db.People.FindAsync([request.PersonId], ct) is not { } person)
            {
                continue;
            }
            var ctx = engine.CreateOutreach(db, person, now, place.Zone);
            company.HandOverToHost(ctx, request, hosts.FirstOrDefault());
            contexts.Add(ctx);
        }
        await db.SaveChangesAsync(ct);
        foreach (var host in hosts)
        {
            var ctx = engine.CreateOutreach(db, host, now, place.Zone);
            ctx.Send(await Briefings.ComposeAsync(ctx, place, occurrence, briefingSections, ct));
            contexts.Add(ctx);
        }
    }
}
