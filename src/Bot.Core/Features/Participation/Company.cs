using System.Globalization;
using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>
/// Company on the way (følgeskab): someone asks, the willing buddies of the community are asked without a
/// name, the first yes gets it, and only then do the two learn each other's first name and where to meet.
/// </summary>
public sealed class Company(ActivityDirectory directory, IOptions<ParticipationOptions> options) : IButtonHandler
{
    public const string PromptPurpose = "company";
    private const string Yes = "yes";
    private const string No = "no";

    public string Purpose => PromptPurpose;

    private static readonly CompanyStatus[] Active = [CompanyStatus.Open, CompanyStatus.Matched, CompanyStatus.HostWelcome];

    /// <summary>In the requester's turn: opens a request and asks the buddies, or (after the briefing) hands it to the host.</summary>
    public async Task RequestAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        if (await db.CompanyRequests.AnyAsync(r => r.OccurrenceId == occurrence.Id && r.PersonId == me.Id && Active.Contains(r.Status), ct))
        {
            return;
        }
        var request = new CompanyRequest { OccurrenceId = occurrence.Id, PersonId = me.Id, Status = CompanyStatus.Open, CreatedAt = ctx.Now };
        db.CompanyRequests.Add(request);
        if (await db.StepDoneAsync(occurrence.Id, BriefingStep.StepName, ct))
        {
            // Too close to the start to find a buddy: the host welcomes them at the door.
            var hosts = await Briefings.HostsAsync(db, place.Activity.Id, ct);
            HandOverToHost(ctx, request, hosts.FirstOrDefault());
            await db.SaveChangesAsync(ct);
            await Briefings.TellHostsAsync(ctx, place, occurrence, ParticipationTexts.UpdateWelcome, me, ct);
            return;
        }
        await db.SaveChangesAsync(ct);
        ctx.OfferReadAloud(ctx.Send(ctx.T(ParticipationTexts.RsvpCompanyAsked)));

        var now = ctx.Now;
        var buddies = await (from m in db.CommunityMembers
                             join p in db.People on m.PersonId equals p.Id
                             where m.CommunityId == place.Activity.CommunityId && m.WillingBuddy && p.Id != me.Id
                                 && p.Consent == ConsentState.Given && !p.Unreachable && !p.PausedIndefinitely
                                 && (p.PausedUntil == null || p.PausedUntil <= now)
                             orderby p.Id
                             select p).ToListAsync(ct);
        foreach (var buddy in buddies)
        {
            var toBuddy = ctx.ReachOut(buddy, place.Zone);
            var text = toBuddy.T(ParticipationTexts.CompanyPrompt, ActivityMoments.Values(toBuddy, place.Activity, occurrence, place.Zone));
            toBuddy.SendChoice(text, PromptPurpose, request.Id.ToString(CultureInfo.InvariantCulture),
                [(Yes, toBuddy.T(ParticipationTexts.ButtonCompanyYes)), (No, toBuddy.T(ParticipationTexts.ButtonCompanyNo))], out _);
            db.CompanyPrompts.Add(new CompanyPrompt { RequestId = request.Id, PersonId = buddy.Id, AskedAt = now });
        }
    }

    /// <summary>Nobody could come along: the person hears that the host will welcome them at the door.</summary>
    public void HandOverToHost(TurnContext ctx, CompanyRequest request, Person? host)
    {
        request.Status = CompanyStatus.HostWelcome;
        request.ResolvedAt = ctx.Now;
        ctx.Send(ctx.T(ParticipationTexts.CompanyHostWelcome, new Dictionary<string, string>
        {
            ["host"] = host?.FirstName ?? ctx.T(ParticipationTexts.HostFallback),
        }));
    }

    /// <summary>The requester no longer comes, or comes on their own: a matched buddy is told which, open prompts go quiet.</summary>
    public async Task WithdrawAsync(TurnContext ctx, ActivityPlace place, Occurrence occurrence, bool stillComing, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var request = await db.CompanyRequests.FirstOrDefaultAsync(r => r.OccurrenceId == occurrence.Id && r.PersonId == me.Id && Active.Contains(r.Status), ct);
        if (request is null)
        {
            return;
        }
        if (request is { Status: CompanyStatus.Matched, BuddyPersonId: { } buddyId } && await db.People.FindAsync([buddyId], ct) is { } buddy)
        {
            var toBuddy = ctx.ReachOut(buddy, place.Zone);
            toBuddy.Send(toBuddy.T(stillComing ? ParticipationTexts.CompanyNotNeeded : ParticipationTexts.CompanyWithdrawn,
                new Dictionary<string, string> { ["other"] = toBuddy.NameOf(me) }));
        }
        var wasMatched = request.Status == CompanyStatus.Matched;
        request.Status = CompanyStatus.Withdrawn;
        request.ResolvedAt = ctx.Now;
        if (!wasMatched)
        {
            // On a match the other prompts already went quiet (and their tokens stay unused for the "covered" answer).
            await QuietOpenPromptsAsync(ctx, request, exceptPersonId: null, tellCovered: false, ct);
        }
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        var request = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.CompanyRequests.FindAsync([id], ct) : null;
        var occurrence = request is null ? null : await db.Occurrences.FindAsync([request.OccurrenceId], ct);
        if (request is not { Status: CompanyStatus.Open } || occurrence is null || occurrence.CancelledAt is not null || ctx.Now >= occurrence.StartsAt)
        {
            // Someone else said yes first, or it is no longer needed: a warm thank-you, nothing else.
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.CompanyCovered, ct);
            return;
        }
        if (choice != Yes)
        {
            await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonCompanyNo), ct: ct);
            ctx.Send(ctx.T(ParticipationTexts.CompanyDeclined));
            return;
        }
        var place = await directory.FindAsync(db, occurrence.ActivityId, ct);
        var requester = await db.People.FindAsync([request.PersonId], ct);
        if (place is null || requester is null)
        {
            return;
        }
        request.Status = CompanyStatus.Matched;
        request.BuddyPersonId = me.Id;
        request.ResolvedAt = ctx.Now;
        await ctx.ShowChosenAsync(messageId, ctx.T(ParticipationTexts.ButtonCompanyYes), ct: ct);

        var meetTime = ctx.FormatTime(LocalTimes.ToLocal(occurrence.StartsAt.AddMinutes(-options.Value.MeetMinutesBefore), place.Zone));
        ctx.Send(ctx.T(ParticipationTexts.CompanyMatchedBuddy, new Dictionary<string, string>
        {
            ["other"] = ctx.NameOf(requester),
            ["meetingPoint"] = ActivityMoments.MeetingPoint(ctx, place.Activity),
            ["meetTime"] = meetTime,
        }));
        var toRequester = ctx.ReachOut(requester, place.Zone);
        toRequester.Send(toRequester.T(ParticipationTexts.CompanyMatchedPerson, new Dictionary<string, string>
        {
            ["other"] = toRequester.NameOf(me),
            ["activity"] = place.Activity.Name,
            ["meetingPoint"] = ActivityMoments.MeetingPoint(toRequester, place.Activity),
            ["meetTime"] = meetTime,
        }));
        await QuietOpenPromptsAsync(ctx, request, exceptPersonId: me.Id, tellCovered: true, ct);
    }

    /// <summary>
    /// The other buddies' prompts lose their buttons; when it got covered, they hear so. The tokens stay unused:
    /// a press that crosses the edit still reaches <see cref="HandleAsync"/> and gets the warm "covered" answer.
    /// </summary>
    private static async Task QuietOpenPromptsAsync(TurnContext ctx, CompanyRequest request, long? exceptPersonId, bool tellCovered, CancellationToken ct)
    {
        var args = request.Id.ToString(CultureInfo.InvariantCulture);
        var open = await ctx.Db.ButtonTokens.Where(t => t.Purpose == PromptPurpose && t.Args == args && t.UsedAt == null && t.PersonId != exceptPersonId)
            .ToListAsync(ct);
        foreach (var token in open)
        {
            if (await ctx.Db.People.FindAsync([token.PersonId], ct) is not { } other)
            {
                continue;
            }
            var toOther = ctx.ReachOut(other);
            await toOther.RestoreAsync(token.MessageId, ct: ct);
            if (tellCovered)
            {
                toOther.Send(toOther.T(ParticipationTexts.CompanyCovered));
            }
        }
    }
}
