using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.CheckIns;

/// <summary>
/// Who gets a check-in after an occurrence, and with which question set. Participation gives those who said
/// they'd come; volunteering adds those on shift with the volunteer set.
/// </summary>
public interface ICheckInAudience
{
    string Variant { get; }

    Task<List<Person>> PeopleAsync(MakkerDb db, Occurrence occurrence, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Everyone who said "I'm coming" and can be reached: still a member, consenting, reachable, not on a break.</summary>
public sealed class ComingAudience : ICheckInAudience
{
    public string Variant => CheckInVariants.Participant;

    public Task<List<Person>> PeopleAsync(MakkerDb db, Occurrence occurrence, DateTimeOffset now, CancellationToken ct) =>
        (from r in db.Rsvps
         join p in db.People on r.PersonId equals p.Id
         where r.OccurrenceId == occurrence.Id && r.Answer == RsvpAnswer.Coming
             && db.ActivityMembers.Any(m => m.ActivityId == occurrence.ActivityId && m.PersonId == p.Id)
             && p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
             && (p.PausedUntil == null || p.PausedUntil <= now)
         orderby p.Id
         select p).ToListAsync(ct);
}
