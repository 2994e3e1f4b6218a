using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Evaluation;

/// <summary>
/// A partner's reflection in the chat: the five statements one at a time with buttons 1 to 5, then an optional note
/// (the dialog evaluation_note). The scores given so far travel in the buttons, so nothing half-done is ever stored;
/// the fifth writes the quarter's reflection (the latest one for a partner and quarter counts).
/// </summary>
public sealed class Reflections : IButtonHandler, IDialogActionSource
{
    public const string Purpose = "reflect";

    string IButtonHandler.Purpose => Purpose;

    /// <summary>Asks statement number <paramref name="scores"/>.Count + 1, carrying the scores already given.</summary>
    public static OutboxMessage Ask(TurnContext ctx, Partner partner, Quarter quarter, IReadOnlyList<int> scores)
    {
        var key = ReflectionStatements.Keys[scores.Count];
        var args = string.Create(CultureInfo.InvariantCulture, $"{partner.Id}|{quarter.Label}|{string.Join(',', scores)}");
        return ctx.SendChoice(ctx.T(EvaluationTexts.ReflectStatement, new Dictionary<string, string>
            {
                ["partner"] = partner.Name,
                ["quarter"] = quarter.Name(ctx.Catalog, ctx.Language),
                ["statement"] = ctx.T("evaluation.statement." + key),
            }), Purpose, args,
            [.. Enumerable.Range(1, 5).Select(n => (n.ToString(CultureInfo.InvariantCulture), n.ToString(ctx.Culture)))], out _);
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var parts = (token.Args ?? "").Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId)
            || !Quarter.TryParse(parts[1], out var quarter) || !int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
        {
            return;
        }
        // Only a coordinator of the partner's community may answer for it (a role taken away in between ends it).
        var partner = await ctx.Db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId
            && ctx.Db.CommunityMembers.Any(m => m.CommunityId == p.CommunityId && m.PersonId == ctx.Person!.Id && m.IsCoordinator), ct);
        if (partner is null)
        {
            return;
        }
        var scores = parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Append(score).ToList();
        if (scores.Count < ReflectionStatements.Keys.Count)
        {
            Ask(ctx, partner, quarter, scores);
            return;
        }
        var row = await ctx.Db.PartnerReflections.FindAsync([partner.Id, quarter.Start], ct);
        if (row is null)
        {
            row = new PartnerReflection { PartnerId = partner.Id, Quarter = quarter.Start };
            ctx.Db.PartnerReflections.Add(row);
        }
        (row.ComeAndGo, row.EqualFooting, row.MixedGroup, row.MeetRegularly, row.PlanAfter, row.Note, row.AnsweredAt) =
            (scores[0], scores[1], scores[2], scores[3], scores[4], null, ctx.Now);
        await ctx.BeginDialogAsync(DialogIds.EvaluationNote, new Dictionary<string, string>
        {
            ["partner"] = partner.Id.ToString(CultureInfo.InvariantCulture),
            ["quarter"] = quarter.Label,
        }, ct);
    }

    public IEnumerable<DialogAction> Actions => [new("evaluation.note_save", SaveNoteAsync)];

    private static async Task<string?> SaveNoteAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (long.TryParse(frame.Data.GetValueOrDefault("partner"), NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId)
            && Quarter.TryParse(frame.Data.GetValueOrDefault("quarter"), out var quarter)
            && await ctx.Db.PartnerReflections.FindAsync([partnerId, quarter.Start], ct) is { } row)
        {
            row.Note = choice is null && frame.Data.GetValueOrDefault("note")?.Trim() is { Length: > 0 } note ? note : null;
        }
        ctx.Send(ctx.T(EvaluationTexts.ReflectSaved));
        return DialogCatalog.End;
    }
}
