using System.Globalization;
using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// The answer to a nudge: I'm coming, Not today (warm, and nothing more ever comes of it), or Come with
/// someone. The answer can be changed until the start; the same answer twice changes nothing.
/// </summary>
public sealed class RsvpButtons(ActivityDirectory directory, Company company) : IButtonHandler
{
    public string Purpose => Nudges.Purpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var occurrence = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Occurrences.FindAsync([id], ct) : null;
        var place = occurrence is null ? null : await directory.FindAsync(db, occurrence.ActivityId, ct);
        if (occurrence is null || place is null || ctx.Now >= occurrence.StartsAt)
        {
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.RsvpTooLate, ct);
            return;
        }
        if (occurrence.CancelledAt is not null)
        {
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.RsvpCancelled, ct);
            return;
        }
        if (!await db.ActivityMembers.AnyAsync(m => m.ActivityId == occurrence.ActivityId && m.PersonId == me.Id, ct))
        {
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.RsvpNotMember, ct);
            return;
        }
        var choices = Nudges.Choices(ctx);
        if (choice == RsvpChoices.Change)
        {
            await ctx.RestoreAsync(messageId, TurnContext.ChoiceRows(token.Token, choices), ct);
            return;
        }
        (RsvpAnswer Answer, bool WithSomeone)? wanted = choice switch
        {
            RsvpChoices.Coming => (RsvpAnswer.Coming, false),
            RsvpChoices.NotToday => (RsvpAnswer.NotToday, false),
            RsvpChoices.WithSomeone => (RsvpAnswer.Coming, true),
            _ => null,
        };
        if (wanted is not { } answer)
        {
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.RsvpTooLate, ct);
            return;
        }

        var rsvp = await db.Rsvps.FindAsync([occurrence.Id, me.Id], ct);
        if (rsvp is not null && rsvp.Answer == answer.Answer && rsvp.WantsCompany == answer.WithSomeone)
        {
            ctx.ButtonAnswer = ctx.T(ParticipationTexts.RsvpNoted);
            return;
        }
        var wasComing = rsvp?.Answer == RsvpAnswer.Coming;
        var hadCompany = rsvp?.WantsCompany == true;
        if (rsvp is null)
        {
            rsvp = new Rsvp { OccurrenceId = occurrence.Id, PersonId = me.Id };
            db.Rsvps.Add(rsvp);
        }
        rsvp.Answer = answer.Answer;
        rsvp.WantsCompany = answer.WithSomeone;
        rsvp.AnsweredAt = ctx.Now;

        var label = choices.First(c => c.Id == choice).Label;
        IReadOnlyList<IReadOnlyList<Button>> change = [[new Button(ctx.T(ParticipationTexts.ButtonChangeAnswer), new ButtonPayload.Choice(token.Token, RsvpChoices.Change).ToString())]];
        await ctx.ShowChosenAsync(messageId, label, change, ct);
        if (hadCompany && !answer.WithSomeone)
        {
            await company.WithdrawAsync(ctx, place, occurrence, stillComing: answer.Answer == RsvpAnswer.Coming, ct);
        }
        switch (choice)
        {
            case RsvpChoices.Coming:
                ctx.OfferReadAloud(ctx.Send(ctx.T(ParticipationTexts.RsvpComing, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone))));
                break;
            case RsvpChoices.NotToday:
                ctx.OfferReadAloud(ctx.Send(ctx.T(ParticipationTexts.RsvpNotToday)));
                break;
            case RsvpChoices.WithSomeone:
                await company.RequestAsync(ctx, place, occurrence, ct);
                break;
        }
        await db.SaveChangesAsync(ct);
        if (answer.Answer == RsvpAnswer.Coming && !wasComing)
        {
            await Briefings.TellHostsAsync(ctx, place, occurrence, ParticipationTexts.UpdateComing, me, ct);
        }
        else if (answer.Answer != RsvpAnswer.Coming && wasComing)
        {
            await Briefings.TellHostsAsync(ctx, place, occurrence, ParticipationTexts.UpdateFewer, null, ct);
        }
    }
}
