using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

/// <summary>
/// An answer to a check-in. One tap is all it takes; answering again changes the answer (the last one counts)
/// and says so. Only "I'd like to talk to someone" leads anywhere further.
/// </summary>
public sealed class CheckInButtons(ActivityDirectory directory, TalkToSomeone talk, IOptions<CheckInOptions> options) : IButtonHandler
{
    public string Purpose => CheckInStep.Purpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var checkIn = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.CheckIns.FindAsync([id], ct) : null;
        var occurrence = checkIn is null ? null : await db.Occurrences.FindAsync([checkIn.OccurrenceId], ct);
        var question = checkIn is null ? null : CheckInQuestions.Find(ctx.Catalog, checkIn.Variant, checkIn.QuestionId);
        if (checkIn is null || occurrence is null || question is null || checkIn.PersonId != ctx.Person!.Id
            || ctx.Now >= CheckInStep.ClosesAt(occurrence, options.Value) || await db.StepDoneAsync(occurrence.Id, CheckInDigestStep.StepName, ct))
        {
            await ctx.CloseButtonsAsync(messageId, CheckInTexts.Closed, ct);
            return;
        }
        var choices = CheckInQuestions.Choices(ctx, question);
        if (choice == Conversations.Dialogs.CheckInVariants.Change)
        {
            await ctx.RestoreAsync(messageId, TurnContext.ChoiceRows(token.Token, choices), ct);
            return;
        }
        if (CheckInQuestions.Answer(ctx, question, choice) is not { } answer)
        {
            await ctx.CloseButtonsAsync(messageId, CheckInTexts.Closed, ct);
            return;
        }
        if (checkIn.AnswerId == answer.Id)
        {
            ctx.ButtonAnswer = ctx.T(CheckInTexts.Noted);
            await ctx.ShowChosenAsync(messageId, choices.First(c => c.Id == answer.Id).Label, ChangeRow(ctx, token), ct);
            return;
        }
        var changed = checkIn.AnswerId is not null;
        checkIn.AnswerId = answer.Id;
        checkIn.AnsweredAt = ctx.Now;
        var label = choices.First(c => c.Id == answer.Id).Label;
        await ctx.ShowChosenAsync(messageId, label, ChangeRow(ctx, token), ct);
        if (answer.Route == Conversations.Dialogs.CheckInRoute.Host && checkIn.TalkRequestedAt is null
            && await directory.FindAsync(db, occurrence.ActivityId, ct) is { } place)
        {
            // Its own answer thanks them ("Thank you for telling me…"); a thank-you for answering first would be two.
            await talk.RequestAsync(ctx, checkIn, place, ct);
            return;
        }
        ctx.ButtonAnswer = ctx.T(changed ? CheckInTexts.Changed : CheckInTexts.Thanks, new Dictionary<string, string> { ["answer"] = label });
        // The step from taking part to shaping it: an idea is one tap away, never asked for.
        ctx.OfferReadAloud(ctx.Send(ctx.ButtonAnswer, [[ctx.CommandButton(Ideas.IdeasTexts.ButtonIdea, "idea")]]));
    }

    private static IReadOnlyList<IReadOnlyList<Button>> ChangeRow(TurnContext ctx, ButtonToken token) =>
        [[new Button(ctx.T(CheckInTexts.ButtonChange), new ButtonPayload.Choice(token.Token, Conversations.Dialogs.CheckInVariants.Change).ToString())]];
}
