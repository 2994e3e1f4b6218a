using System.Globalization;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Volunteering;

/// <summary>
/// A coordinator ended someone's volunteer role in a community: the shift prompts they have not answered there lose
/// their buttons, and the shifts they had there go back to be asked about again (the person's kind message says so).
/// </summary>
public sealed class VolunteerRoleEnd : IRoleEnd
{
    public async Task OnRoleEndedAsync(MakkerDb db, RoleEnded ended, CancellationToken ct)
    {
        if (ended.Role != RoleNames.Volunteer)
        {
            return;
        }
        var person = ended.Person;
        var shiftsHere = from s in db.Shifts
                         join o in db.Occurrences on s.OccurrenceId equals o.Id
                         join a in db.Activities on o.ActivityId equals a.Id
                         where a.CommunityId == ended.CommunityId && s.StartsAt > ended.Now
                         select s;
        var shiftIds = (await shiftsHere.Select(s => s.Id).ToListAsync(ct)).Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var prompts = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.UsedAt == null && t.Purpose == ShiftRounds.PromptPurpose
            && shiftIds.Contains(t.Args!)).ToListAsync(ct);
        var assignments = await db.ShiftAssignments.Where(a => a.PersonId == person.Id && a.HandedBackAt == null && shiftsHere.Any(s => s.Id == a.ShiftId))
            .ToListAsync(ct);
        var assignmentIds = assignments.Select(a => a.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var handBacks = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.UsedAt == null && t.Purpose == ShiftRounds.HandBackPurpose
            && assignmentIds.Contains(t.Args!)).ToListAsync(ct);
        var toPerson = ended.Reach(person, ended.Zone);
        await RoleChanges.CloseAsync(toPerson, prompts.Concat(handBacks), ended.Now, ct);
        foreach (var assignment in assignments)
        {
            var shift = (await db.Shifts.FindAsync([assignment.ShiftId], ct))!;
            await ShiftRounds.HandBackAsync(db, assignment, shift, ended.Now, ct);
        }
        if (!await db.CommunityMembers.AnyAsync(m => m.PersonId == person.Id && m.IsVolunteer && m.CommunityId != ended.CommunityId, ct))
        {
            // A volunteer nowhere now: /volunteer starts afresh (and asks a coordinator) rather than showing old choices.
            await db.Volunteers.Where(v => v.PersonId == person.Id).ExecuteDeleteAsync(ct);
        }
    }
}

/// <summary>A newly approved volunteer may take a place that is still open: the coming shifts that are being asked about are looked at again now.</summary>
public sealed class VolunteerRoleGranted : IRoleGranted
{
    public async Task OnRoleGrantedAsync(MakkerDb db, long communityId, string role, DateTimeOffset now, CancellationToken ct)
    {
        if (role != RoleNames.Volunteer)
        {
            return;
        }
        // The steps that have made their shifts and still have a place open, even those resting until their next look.
        await db.OccurrenceSteps.Where(s => s.Step == ShiftPromptsStep.StepName
                && db.Occurrences.Any(o => o.Id == s.OccurrenceId && o.StartsAt > now && o.CancelledAt == null
                    && db.Activities.Any(a => a.Id == o.ActivityId && a.CommunityId == communityId))
                && db.Shifts.Any(x => x.OccurrenceId == s.OccurrenceId && x.Taken < x.Needed))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DoneAt, (DateTimeOffset?)null).SetProperty(x => x.DueAt, now), ct);
    }
}
