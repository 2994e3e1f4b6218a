using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Volunteering;

/// <summary>
/// "Yes, I'll take it" / "Not this time" on a shift prompt. The last place goes to exactly one person: the count
/// on the shift is a concurrency token, and a late yes gets a warm "already covered".
/// </summary>
public sealed class ShiftPromptButtons(ActivityDirectory directory, IOptions<VolunteeringOptions> options) : IButtonHandler
{
    public string Purpose => ShiftRounds.PromptPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var (shift, place) = await ShiftButtonParts.FindAsync(db, directory, token.Args, ctx.Now, ct);
        if (shift is null || place is null)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.Gone, ct);
            return;
        }
        var prompt = await db.ShiftPrompts.FindAsync([shift.Id, me.Id], ct);
        if (choice == ShiftRounds.No)
        {
            token.UsedAt = ctx.Now;
            token.UsedChoice = choice;
            prompt?.Accepted = false;
            prompt?.AnsweredAt = ctx.Now;
            await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonShiftNo), ct: ct);
            ctx.Send(ctx.T(VolunteeringTexts.Declined));
            return;
        }
        if (await db.ShiftAssignments.AnyAsync(a => a.ShiftId == shift.Id && a.PersonId == me.Id && a.HandedBackAt == null, ct))
        {
            ctx.ButtonAnswer = ctx.T(VolunteeringTexts.AlreadyYours);
            return;
        }
        if (shift.Taken >= shift.Needed)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.Covered, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        shift.Taken++;
        var assignment = new ShiftAssignment { ShiftId = shift.Id, PersonId = me.Id, AcceptedAt = ctx.Now };
        db.ShiftAssignments.Add(assignment);
        prompt?.Accepted = true;
        prompt?.AnsweredAt = ctx.Now;
        await db.SaveChangesAsync(ct);
        await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonShiftYes), ct: ct);
        // Taken after the reminder's time: no reminder will come, so the confirmation does not promise one.
        var confirmation = ctx.Now >= ShiftRounds.RemindAt(shift, place.Zone, options.Value) ? VolunteeringTexts.ConfirmedSoon : VolunteeringTexts.Confirmed;
        ctx.SendChoice(ctx.T(confirmation, ShiftMoments.Values(ctx, place, shift)), ShiftRounds.HandBackPurpose,
            assignment.Id.ToString(CultureInfo.InvariantCulture), [(ShiftRounds.Back, ctx.T(VolunteeringTexts.ButtonHandBack))], out _);
        if (shift.Taken >= shift.Needed)
        {
            // Full: the others' prompts lose their buttons quietly; their tokens stay, so a crossing press is thanked.
            var args = shift.Id.ToString(CultureInfo.InvariantCulture);
            foreach (var open in await db.ButtonTokens.Where(t => t.Purpose == ShiftRounds.PromptPurpose && t.Args == args && t.UsedAt == null && t.PersonId != me.Id).ToListAsync(ct))
            {
                if (await db.People.FindAsync([open.PersonId], ct) is { } other)
                {
                    await ctx.ReachOut(other, place.Zone).RestoreAsync(open.MessageId, ct: ct);
                }
            }
        }
    }
}

/// <summary>"Hand the shift back": always there, costs nothing; the shift reopens and the asking starts again.</summary>
public sealed class HandBackButtons(ActivityDirectory directory, IOptions<VolunteeringOptions> options) : IButtonHandler
{
    public string Purpose => ShiftRounds.HandBackPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var assignment = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.ShiftAssignments.FindAsync([id], ct) : null;
        if (assignment is null || assignment.PersonId != me.Id)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.Gone, ct);
            return;
        }
        if (assignment.HandedBackAt is not null)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.AlreadyHandedBack, ct);
            return;
        }
        var (shift, place) = await ShiftButtonParts.FindAsync(db, directory, assignment.ShiftId.ToString(CultureInfo.InvariantCulture), ctx.Now, ct);
        if (shift is null || place is null)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.Gone, ct);
            return;
        }
        await ShiftRounds.HandBackAsync(db, assignment, shift, ctx.Now, ct);
        await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonHandBack), ct: ct);
        ctx.Send(ctx.T(VolunteeringTexts.HandedBack));
        if (shift.StartsAt - ctx.Now <= TimeSpan.FromHours(options.Value.LateHandBackHours))
        {
            foreach (var coordinator in await ActivityDirectory.CoordinatorsAsync(db, place.Activity.CommunityId, ct))
            {
                var toCoordinator = ctx.ReachOut(coordinator, place.Zone);
                var values = ShiftMoments.Values(toCoordinator, place, shift);
                values["name"] = toCoordinator.NameOf(me);
                toCoordinator.Send(toCoordinator.T(VolunteeringTexts.LateHandBack, values));
            }
        }
    }
}

/// <summary>A coordinator's "Ask all volunteers now" under a coverage alert: everyone who could, regardless of rotation.</summary>
public sealed class AskAllButtons(ActivityDirectory directory, Nudges nudges) : IButtonHandler
{
    public string Purpose => ShiftRounds.AskAllPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var occurrence = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Occurrences.FindAsync([id], ct) : null;
        var place = occurrence is null ? null : await directory.FindAsync(db, occurrence.ActivityId, ct);
        if (occurrence is null || place is null || occurrence.CancelledAt is not null || ctx.Now >= occurrence.StartsAt
            || !await db.CommunityMembers.AnyAsync(m => m.CommunityId == place.Activity.CommunityId && m.PersonId == ctx.Person!.Id && m.IsCoordinator, ct))
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.Gone, ct);
            return;
        }
        var missing = await db.Shifts.Where(s => s.OccurrenceId == id && s.Taken < s.Needed).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (missing.Count == 0)
        {
            await ctx.CloseButtonsAsync(messageId, VolunteeringTexts.CoveredNow, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        var asked = new HashSet<long>();
        foreach (var shift in missing)
        {
            var people = await ShiftRounds.CandidatesAsync(db, place, shift, ctx.Now, everyone: true, ct);
            var prompted = ShiftRounds.Prompt(db, nudges, place, shift, people, ctx.Now, person => ctx.ReachOut(person, place.Zone));
            asked.UnionWith(prompted.Select(p => p.Person.Id));
        }
        await ctx.ShowChosenAsync(messageId, ctx.T(VolunteeringTexts.ButtonAskAll), ct: ct);
        ctx.Send(ctx.T(VolunteeringTexts.AskedAll, new Dictionary<string, string> { ["count"] = asked.Count.ToString(ctx.Culture) }));
    }
}

internal static class ShiftButtonParts
{
    /// <summary>The shift a button is about, while it is still ahead and its occurrence is not cancelled.</summary>
    public static async Task<(Shift? Shift, ActivityPlace? Place)> FindAsync(MakkerDb db, ActivityDirectory directory, string? args, DateTimeOffset now, CancellationToken ct)
    {
        var shift = long.TryParse(args, CultureInfo.InvariantCulture, out var id) ? await db.Shifts.FindAsync([id], ct) : null;
        var occurrence = shift is null ? null : await db.Occurrences.FindAsync([shift.OccurrenceId], ct);
        if (shift is null || occurrence is null || occurrence.CancelledAt is not null || now >= shift.StartsAt)
        {
            return (null, null);
        }
        return (shift, await directory.FindAsync(db, occurrence.ActivityId, ct));
    }
}
