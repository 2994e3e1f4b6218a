using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Makker.Features.Coordination;

/// <summary>
/// /invite: a coordinator gets an activity's invite link and, for a poster, a QR code of it as a PNG picture. Telegram
/// shows it in the chat (it can be scanned from the screen) and keeps pictures up to 1280 pixels as they are; at 20
/// pixels a module an invite link's code is about 800, so it prints sharp.
/// </summary>
public sealed class InviteCommand(IBotIdentity bot) : IChatCommand, IButtonHandler
{
    public const string Purpose = "coord_invite";

    public string Name => "invite";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 83;
    public bool NeedsConsent => true;
    string IButtonHandler.Purpose => Purpose;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!await Coordinators.CommunitiesOf(ctx.Db, ctx.Person!.Id).AnyAsync(ct))
        {
            ctx.Send(ctx.T(CoordinationTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        var activities = await WizardSteps.CoordinatedActivities(ctx).ToListAsync(ct);
        switch (activities.Count)
        {
            case 0:
                ctx.Send(ctx.T(CoordinationTexts.NoActivities));
                break;
            case 1:
                await SendInviteAsync(ctx, activities[0], ct);
                break;
            default:
                ctx.SendChoice(ctx.T(CoordinationTexts.ChooseActivity), Purpose, null,
                    activities.Select(a => ("a" + a.Id.ToString(CultureInfo.InvariantCulture), a.Name)).ToList(), out _);
                break;
        }
        ctx.RepromptCurrent();
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var activity = choice.StartsWith('a') && long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var id)
            ? await Coordinators.CoordinatedActivityAsync(ctx.Db, ctx.Person!.Id, id, ct)
            : null;
        if (activity is null)
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.NotCoordinator, ct);
            return;
        }
        await ctx.ShowChosenAsync(messageId, activity.Name, ct: ct);
        await SendInviteAsync(ctx, activity, ct);
    }

    private async Task SendInviteAsync(TurnContext ctx, Activity activity, CancellationToken ct)
    {
        if (activity.InviteCode is null)
        {
            activity.InviteCode = Participation.Invites.NewCode();
            await ctx.Db.SaveChangesAsync(ct);
        }
        var values = new Dictionary<string, string> { ["activity"] = activity.Name, ["code"] = activity.InviteCode };
        if (bot.Username is not { } username)
        {
            ctx.Send(ctx.T(CoordinationTexts.InviteTyped, values));
            return;
        }
        var link = Link(username, activity.InviteCode);
        values["link"] = link;
        ctx.Send(ctx.T(CoordinationTexts.InviteLink, values));
        ctx.SendFile(ctx.T(CoordinationTexts.InviteQrCaption, values), FileName(activity), QrPng(link));
    }

    public static string Link(string username, string code) => $"https://t.me/{username}?start={code}";

    /// <summary>A QR code big enough to print on a poster, with the error correction that survives a smudge.</summary>
    public static byte[] QrPng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        return new PngByteQRCode(data).GetGraphic(20);
    }

    private static string FileName(Activity activity)
    {
        var safe = new string(activity.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return $"invite-{(safe.Length == 0 ? "activity" : safe[..Math.Min(safe.Length, 60)])}.png";
    }
}
