using System.Security.Cryptography;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// Joining an activity from its invite link (https://t.me/&lt;bot&gt;?start=&lt;code&gt;, or /start &lt;code&gt; in
/// the web chat). Someone who joins after the first nudge went out is asked right away.
/// </summary>
public sealed class Invites(ActivityDirectory directory, OccurrencePlanner planner, Nudges nudges) : IStartPayloadHandler
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>How long the invite code of an activity made with /newactivity works, unless /invite says otherwise.</summary>
    public static readonly TimeSpan WizardCodeLifetime = TimeSpan.FromDays(14);

    /// <summary>A fresh code for an invite link: short, unguessable, and only characters Telegram allows in a deep link.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, 12);

    public async Task<bool> TryHandleAsync(TurnContext ctx, string payload, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var code = payload.Trim();
        var activity = code.Length is > 0 and <= 32 ? await db.Activities.FirstOrDefaultAsync(a => a.InviteCode == code, ct) : null;
        if (activity is null)
        {
            ctx.Send(ctx.T(ParticipationTexts.JoinUnknownCode));
            return true;
        }
        if (activity.InviteExpiresAt is { } expires && expires <= ctx.Now)
        {
            ctx.Send(ctx.T(ParticipationTexts.JoinExpired));
            return true;
        }
        var values = new Dictionary<string, string> { ["activity"] = activity.Name };
        if (await db.ActivityMembers.AnyAsync(m => m.ActivityId == activity.Id && m.PersonId == me.Id, ct))
        {
            ctx.Send(ctx.T(ParticipationTexts.JoinAlready, values));
            return true;
        }
        db.ActivityMembers.Add(new ActivityMember { ActivityId = activity.Id, PersonId = me.Id, JoinedAt = ctx.Now });
        if (!await db.CommunityMembers.AnyAsync(m => m.CommunityId == activity.CommunityId && m.PersonId == me.Id, ct))
        {
            db.CommunityMembers.Add(new CommunityMember { CommunityId = activity.CommunityId, PersonId = me.Id, JoinedAt = ctx.Now });
        }
        await db.SaveChangesAsync(ct);

        await planner.PlanActivityAsync(db, activity.Id, ctx.Now, ct);
        var place = (await directory.FindAsync(db, activity.Id, ct))!;
        var next = await ActivityDirectory.NextOccurrenceAsync(db, activity.Id, ctx.Now, ct);
        if (next is null)
        {
            ctx.Send(ctx.T(ParticipationTexts.JoinDoneNoDate, values));
            return true;
        }
        ctx.Send(ctx.T(ParticipationTexts.JoinDone, ActivityMoments.Values(ctx, activity, next, place.Zone)));
        if (FirstNudgeStep.At(activity, next, place.Zone) <= ctx.Now || await db.StepDoneAsync(next.Id, FirstNudgeStep.StepName, ct))
        {
            // The others were already asked about this time; asking now means joining late costs nothing.
            nudges.TryQueue(ctx, place, next, NudgeRound.First, ctx.Now);
        }
        return true;
    }
}
