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
/// pixels a module an invite link's code is about 800, so it prints sharp. Under the link the coordinator can renew it
/// (the old link then answers like any unknown one: ask for a new one) or give it an end date; a link that has run out
/// is renewed when asked for.
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

    /// <summary>The end dates a coordinator can give a link, in days; 0 is none.</summary>
    private static readonly (int Days, string Label)[] Lifetimes =
        [(14, CoordinationTexts.ButtonInvite14Days), (90, CoordinationTexts.ButtonInvite90Days), (0, CoordinationTexts.ButtonInviteNoEnd)];

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        // "a12": the activity chosen; on an invite (args: the activity's id) "r": renew it, "e14": an end date in 14 days.
        var activityId = choice.StartsWith('a') ? choice[1..] : token.Args;
        var activity = long.TryParse(activityId, CultureInfo.InvariantCulture, out var id)
            ? await Coordinators.CoordinatedActivityAsync(ctx.Db, ctx.Person!.Id, id, ct)
            : null;
        if (activity is null)
        {
            await ctx.CloseButtonsAsync(messageId, CoordinationTexts.NotCoordinator, ct);
            return;
        }
        switch (choice[0])
        {
            case 'a':
                await ctx.ShowChosenAsync(messageId, activity.Name, ct: ct);
                await SendInviteAsync(ctx, activity, ct);
                break;
            case 'r':
                token.UsedAt = ctx.Now;
                await ctx.ShowChosenAsync(messageId, ctx.T(CoordinationTexts.ButtonInviteRenew), ct: ct);
                Renew(ctx, activity);
                ctx.Send(ctx.T(CoordinationTexts.InviteRenewed));
                await SendInviteAsync(ctx, activity, ct);
                break;
            case 'e' when int.TryParse(choice[1..], CultureInfo.InvariantCulture, out var days) && Lifetimes.Any(l => l.Days == days):
                await ctx.ShowChosenAsync(messageId, ctx.T(Lifetimes.First(l => l.Days == days).Label), ct: ct);
                activity.InviteExpiresAt = days == 0 ? null : ctx.Now.AddDays(days);
                Audit.Add(ctx.Db, ctx.Person!.Id, activity.CommunityId, "invite.expiry", $"{activity.Id}: {(days == 0 ? "ingen slutdato" : $"{days} dage")}", ctx.Now);
                SendLifetime(ctx, activity);
                break;
            default:
                await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
                break;
        }
    }

    /// <summary>A new code: the old link stops working at once; the new one has no end date until one is given.</summary>
    private static void Renew(TurnContext ctx, Activity activity)
    {
        activity.InviteCode = Participation.Invites.NewCode();
        activity.InviteExpiresAt = null;
        Audit.Add(ctx.Db, ctx.Person!.Id, activity.CommunityId, "invite.renew", $"{activity.Id}: {activity.Name}", ctx.Now);
    }

    private async Task SendInviteAsync(TurnContext ctx, Activity activity, CancellationToken ct)
    {
        if (activity.InviteCode is null || activity.InviteExpiresAt <= ctx.Now)
        {
            // Asked for after it ran out: a new one, since the old one answers "ask for a new one" anyway.
            Renew(ctx, activity);
        }
        await ctx.Db.SaveChangesAsync(ct);
        var values = new Dictionary<string, string> { ["activity"] = activity.Name, ["code"] = activity.InviteCode! };
        var choices = new List<(string Id, string Label)> { ("r", ctx.T(CoordinationTexts.ButtonInviteRenew)) };
        choices.AddRange(Lifetimes.Select(l => ("e" + l.Days.ToString(CultureInfo.InvariantCulture), ctx.T(l.Label))));
        var args = activity.Id.ToString(CultureInfo.InvariantCulture);
        if (bot.Username is not { } username)
        {
            ctx.SendChoice(ctx.T(CoordinationTexts.InviteTyped, values), Purpose, args, choices, out _);
        }
        else
        {
            var link = Link(username, activity.InviteCode!);
            values["link"] = link;
            ctx.SendChoice(ctx.T(CoordinationTexts.InviteLink, values), Purpose, args, choices, out _);
            ctx.SendFile(ctx.T(CoordinationTexts.InviteQrCaption, values), FileName(activity), QrPng(link));
        }
        if (activity.InviteExpiresAt is not null)
        {
            SendLifetime(ctx, activity);
        }
    }

    /// <summary>Until when the link works, in the coordinator's words: a date, or no end date.</summary>
    public static void SendLifetime(TurnContext ctx, Activity activity) =>
        ctx.Send(activity.InviteExpiresAt is { } until
            ? ctx.T(CoordinationTexts.InviteUntil, new Dictionary<string, string> { ["activity"] = activity.Name, ["date"] = ctx.FormatDate(until) })
            : ctx.T(CoordinationTexts.InviteNoEnd, new Dictionary<string, string> { ["activity"] = activity.Name }));

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
