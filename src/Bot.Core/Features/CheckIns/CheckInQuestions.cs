using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.CheckIns;

/// <summary>The question sets from dialogs/: which question an occurrence gets, and the buttons for it.</summary>
public static class CheckInQuestions
{
    /// <summary>
    /// One question per occurrence, in turn: everyone at the same occurrence gets the same one, so its answers
    /// add up. The turn is the number of earlier occurrences of the activity, which never changes afterwards.
    /// </summary>
    public static async Task<CheckInQuestionDefinition> ForOccurrenceAsync(DialogCatalog catalog, MakkerDb db, Occurrence occurrence, string variant, CancellationToken ct)
    {
        var set = catalog.CheckIns[variant];
        var earlier = await db.Occurrences.CountAsync(o => o.ActivityId == occurrence.ActivityId && o.StartsAt < occurrence.StartsAt, ct);
        return set[earlier % set.Count];
    }

    public static CheckInQuestionDefinition? Find(DialogCatalog catalog, string variant, string questionId) =>
        catalog.CheckIns.TryGetValue(variant, out var set) ? set.FirstOrDefault(q => q.Id == questionId) : null;

    /// <summary>The answers as buttons, with "Rather not say" last.</summary>
    public static IReadOnlyList<(string Id, string Label)> Choices(TurnContext ctx, CheckInQuestionDefinition question) =>
        [.. question.Answers.Select(a => (a.Id, a.Label.For(ctx.Language))), (CheckInVariants.RatherNotSay, ctx.T(CheckInTexts.RatherNotSay))];

    /// <summary>The answer with this id; "Rather not say" counts only in the numbers.</summary>
    public static CheckInAnswerDefinition? Answer(TurnContext ctx, CheckInQuestionDefinition question, string answerId) =>
        answerId == CheckInVariants.RatherNotSay
            ? new CheckInAnswerDefinition(answerId, ctx.Catalog.Texts[CheckInTexts.RatherNotSay], CheckInRoute.Numbers)
            : question.Answers.FirstOrDefault(a => a.Id == answerId);

    /// <summary>A label for an answer id in reports, also for "Rather not say" and for answers no longer in the files.</summary>
    public static string AnswerLabel(DialogCatalog catalog, string variant, string questionId, string answerId, string language) =>
        answerId == CheckInVariants.RatherNotSay
            ? catalog.Text(CheckInTexts.RatherNotSay, language)
            : Find(catalog, variant, questionId)?.Answers.FirstOrDefault(a => a.Id == answerId)?.Label.For(language) ?? answerId;

    public static string QuestionText(DialogCatalog catalog, string variant, string questionId, string language) =>
        Find(catalog, variant, questionId)?.Ask.For(language) ?? questionId;
}
