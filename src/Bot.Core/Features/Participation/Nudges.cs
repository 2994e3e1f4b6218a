using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>
/// Writes nudges: who gets one, when (quiet hours), and with which buttons. Nothing here looks at earlier
/// answers to earlier occurrences: a "not today" never changes a later nudge.
/// </summary>
public sealed class Nudges(IOptions<ParticipationOptions> options)
{
    public const string Purpose = "rsvp";

    public static IReadOnlyList<(string Id, string Label)> Choices(TurnContext ctx) =>
    [
        (RsvpChoices.Coming, ctx.T(ParticipationTexts.ButtonComing)),
        (RsvpChoices.NotToday, ctx.T(ParticipationTexts.ButtonNotToday)),
        (RsvpChoices.WithSomeone, ctx.T(ParticipationTexts.ButtonWithSomeone)),
    ];

    /// <summary>
    /// The members who may get this nudge of this occurrence now: consenting, reachable, not paused, not answered,
    /// not already asked this time (joined while the step was due, or left and came back), under the weekly cap.
    /// </summary>
    public async Task<List<Person>> RecipientsAsync(MakkerDb db, Occurrence occurrence, NudgeRound round, DateTimeOffset now, CancellationToken ct)
    {
        var members = from m in db.ActivityMembers
                      join p in db.People on m.PersonId equals p.Id
                      where m.ActivityId == occurrence.ActivityId && !m.IsHost
                      select p;
        return await MayNudge(db, members, now)
            .Where(p => !db.Rsvps.Any(r => r.OccurrenceId == occurrence.Id && r.PersonId == p.Id)
                && !db.NudgesSent.Any(n => n.OccurrenceId == occurrence.Id && n.PersonId == p.Id && n.Phase == (int)round))
            .OrderBy(p => p.Id)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Of these people, those who may be nudged now: consenting, reachable, not paused, and under the weekly cap (nudges,
    /// ideas messages and quarterly questions of the last seven days together): the one place the weekly budget is counted, for
    /// an occurrence's nudges and for messages that are not about one occurrence (the weekly ideas, the quarterly questions).
    /// </summary>
    public IQueryable<Person> MayNudge(MakkerDb db, IQueryable<Person> people, DateTimeOffset now)
    {
        var weekAgo = now.AddDays(-7);
        var cap = options.Value.MaxNudgesPerWeek;
        return people.Where(p => p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
            && (p.PausedUntil == null || p.PausedUntil <= now)
            && db.NudgesSent.Count(n => n.PersonId == p.Id && n.SentAt > weekAgo) + db.IdeaMessages.Count(m => m.PersonId == p.Id && m.SentAt > weekAgo)
                + db.QuarterQuestionsSent.Count(q => q.PersonId == p.Id && q.SentAt > weekAgo) < cap);
    }

    /// <summary>
    /// Queues one nudge, held to the end of the person's quiet hours when it falls inside them. False (and
    /// nothing queued) when the quiet hours last until the occurrence starts.
    /// </summary>
    public bool TryQueue(TurnContext ctx, ActivityPlace place, Occurrence occurrence, NudgeRound round, DateTimeOffset now)
    {
        if (ctx.Db.NudgesSent.Find(occurrence.Id, ctx.Person!.Id, (int)round) is not null)
        {
            // Already asked this time (joined while the step was due, or left and came back).
            return false;
        }
        return TryQueueToRecipient(ctx, place, occurrence, round, now);
    }

    /// <summary>
    /// <see cref="TryQueue"/> for someone <see cref="RecipientsAsync"/> returned, who was not asked this time: one
    /// person less to look up, which adds up in a round of a hundred.
    /// </summary>
    public bool TryQueueToRecipient(TurnContext ctx, ActivityPlace place, Occurrence occurrence, NudgeRound round, DateTimeOffset now)
    {
        var person = ctx.Person!;
        var release = QuietRelease(person, now, place.Zone);
        if (release is { } at && at >= occurrence.StartsAt)
        {
            return false;
        }
        var values = ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone, release ?? now);
        var text = ctx.T(round == NudgeRound.First ? ParticipationTexts.NudgeFirst : ParticipationTexts.NudgeSecond, values);
        var message = ctx.SendChoice(text, Purpose, occurrence.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Choices(ctx), out _);
        message.NotBefore = release;
        ctx.OfferReadAloud(message);
        ctx.Db.NudgesSent.Add(new NudgeSent { OccurrenceId = occurrence.Id, PersonId = person.Id, Phase = (int)round, SentAt = now });
        return true;
    }

    /// <summary>When a message may go out if now is inside the person's quiet hours; null when it may go now.</summary>
    public DateTimeOffset? QuietRelease(Person person, DateTimeOffset now, TimeZoneInfo zone)
    {
        var from = person.QuietFrom ?? options.Value.QuietFrom;
        var until = person.QuietUntil ?? options.Value.QuietUntil;
        var local = LocalTimes.ToLocal(now, zone);
        var time = TimeOnly.FromDateTime(local);
        var inside = from <= until ? time >= from && time < until : time >= from || time < until;
        if (!inside)
        {
            return null;
        }
        var date = DateOnly.FromDateTime(local);
        // Quiet hours that run past midnight end on the next day when it is evening now.
        if (time >= until)
        {
            date = date.AddDays(1);
        }
        return LocalTimes.ToInstant(date, until, zone);
    }
}

/// <summary>Which of an occurrence's two nudges; stored in <see cref="NudgeSent.Phase"/>.</summary>
public enum NudgeRound
{
    First = 1,
    Second = 2,
}

public static class RsvpChoices
{
    public const string Coming = "yes";
    public const string NotToday = "no";
    public const string WithSomeone = "company";
    public const string Change = "change";
}
