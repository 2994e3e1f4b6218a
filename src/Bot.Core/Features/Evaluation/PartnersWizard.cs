using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Storage;

namespace Makker.Features.Evaluation;

/// <summary>
/// /partners (dialogs/partners.yaml): a coordinator sees the community's partners, adds one with its kind, and says
/// which one they coordinate for. The rules are Partners', the same the dashboard uses; every step checks again that
/// the person coordinates the community, because a dialog can outlive a role.
/// </summary>
public sealed class PartnersWizard : IDialogActionSource, IButtonHandler
{
    public const string Purpose = "partners";
    public const string AddChoice = "a";
    public const string PartnerPrefix = "p";

    // coord.pick_community (WizardSteps) keeps the chosen community here.
    private const string Community = "community";
    private const string NameKey = "partner_name";
    // Begun from /newcommunity's Add a partner, which was the list's question already.
    private const string AddNow = "add_now";

    string IButtonHandler.Purpose => Purpose;

    public IEnumerable<DialogAction> Actions =>
    [
        new("partners.list", ListAsync),
        new("partners.add", AddAsync),
        new("partners.add_for_new", AddForNewAsync),
    ];

    /// <summary>/newcommunity's Add a partner: this dialog takes over, for the new community, straight at the name.</summary>
    private static async Task<string?> AddForNewAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        ctx.Stack.Remove(frame);
        await ctx.BeginDialogAsync(DialogIds.Partners, new Dictionary<string, string>
        {
            [Community] = frame.Data.GetValueOrDefault(Community) ?? "",
            [AddNow] = "1",
        }, ct);
        return DialogCatalog.End;
    }

    /// <summary>The partners, with Add a partner and one I coordinate for … per partner.</summary>
    private static async Task<string?> ListAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await CommunityOfAsync(ctx, frame, ct) is not { } community)
        {
            return DialogCatalog.End;
        }
        if (frame.Data.Remove(AddNow))
        {
            return "name";
        }
        var partners = await Partners.OfAsync(ctx.Db, community.Id, ct);
        var values = new Dictionary<string, string>
        {
            ["community"] = community.Name,
            ["partners"] = string.Join("\n", partners.Select(p => "• " + p.Name)),
        };
        var text = ctx.T(partners.Count == 0 ? EvaluationTexts.PartnersNone : EvaluationTexts.PartnersList, values);
        if (await Partners.MineAsync(ctx.Db, community.Id, ctx.Person!.Id, ct) is { } mine && partners.FirstOrDefault(p => p.Id == mine) is { } partner)
        {
            text += "\n" + ctx.T(EvaluationTexts.MyDataPartner, new Dictionary<string, string> { ["partner"] = partner.Name });
        }
        var choices = new List<(string Id, string Label)> { (AddChoice, ctx.T(EvaluationTexts.PartnersButtonAdd)) };
        choices.AddRange(partners.Select(p => (PartnerPrefix + Id(p.Id), ctx.T(EvaluationTexts.PartnersButtonMine, new Dictionary<string, string> { ["partner"] = p.Name }))));
        ctx.SendChoice(text, Purpose, frame.Id, choices, out _);
        return DialogAction.WaitForButtons;
    }

    /// <summary>A kind button of the dialog: adds the partner, then shows the list again so they can say it is theirs.</summary>
    private static async Task<string?> AddAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        if (await CommunityOfAsync(ctx, frame, ct) is not { } community)
        {
            return DialogCatalog.End;
        }
        if (Partners.Name(frame.Data.GetValueOrDefault(NameKey)) is not { } name)
        {
            return "name";
        }
        if (KindOf(choice) is not { } kind)
        {
            return DialogCatalog.End;
        }
        await Partners.AddAsync(ctx.Db, ctx.Person!.Id, community.Id, name, kind, ctx.Now, ct);
        ctx.Send(ctx.T(EvaluationTexts.PartnerAdded, new Dictionary<string, string> { ["partner"] = name, ["community"] = community.Name }));
        return "list";
    }

    /// <summary>The dialog's button ids for the kinds (dialogs/partners.yaml).</summary>
    internal static PartnerKind? KindOf(string? choice) => choice switch
    {
        "municipality" => PartnerKind.Municipality,
        "association" => PartnerKind.Association,
        "volunteer_centre" => PartnerKind.VolunteerCentre,
        "other" => PartnerKind.Other,
        _ => null,
    };

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var frame = ctx.CurrentFrame;
        if (frame is null || frame.Id != token.Args)
        {
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            return;
        }
        if (await CommunityOfAsync(ctx, frame, ct) is not { } community)
        {
            token.UsedAt = ctx.Now;
            await ctx.RestoreAsync(messageId, ct: ct);
            await ctx.ContinueDialogAsync(frame, DialogCatalog.End, ct);
            return;
        }
        if (choice == AddChoice)
        {
            token.UsedAt = ctx.Now;
            token.UsedChoice = choice;
            await ctx.ShowChosenAsync(messageId, ctx.T(EvaluationTexts.PartnersButtonAdd), ct: ct);
            await ctx.ContinueDialogAsync(frame, "name", ct);
            return;
        }
        var partners = await Partners.OfAsync(ctx.Db, community.Id, ct);
        if (!choice.StartsWith(PartnerPrefix, StringComparison.Ordinal) || !long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var id)
            || partners.FirstOrDefault(p => p.Id == id) is not { } partner)
        {
            // A partner removed on the dashboard meanwhile, or a button from an older version.
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            await ctx.ContinueDialogAsync(frame, DialogCatalog.End, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        await ctx.ShowChosenAsync(messageId, partner.Name, ct: ct);
        await Partners.SetMineAsync(ctx.Db, community.Id, ctx.Person!.Id, partner.Id, ctx.Now, ct);
        ctx.Send(ctx.T(EvaluationTexts.PartnerMine, new Dictionary<string, string> { ["partner"] = partner.Name, ["community"] = community.Name }));
        await ctx.ContinueDialogAsync(frame, DialogCatalog.End, ct);
    }

    /// <summary>The community the dialog is about, only while the person coordinates it; otherwise says no.</summary>
    private static async Task<Community?> CommunityOfAsync(TurnContext ctx, DialogFrame frame, CancellationToken ct)
    {
        var community = long.TryParse(frame.Data.GetValueOrDefault(Community), CultureInfo.InvariantCulture, out var id)
            && await Coordinators.CoordinatesAsync(ctx.Db, ctx.Person!.Id, id, ct)
            ? await ctx.Db.Communities.FindAsync([id], ct)
            : null;
        if (community is null)
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
        }
        return community;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
