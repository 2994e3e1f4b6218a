using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Announcements;

/// <summary>
/// /announce: a coordinator writes a message, chooses who gets it (the community, one activity, the volunteers,
/// the hosts), sees it exactly as they will, and confirms. It goes out through the outbox, held by quiet hours
/// unless sent as urgent; the coordinator can stop it for those not yet reached and gets a delivery report.
/// </summary>
public sealed class AnnounceCommand(Nudges nudges) : IChatCommand, IDialogActionSource, IButtonHandler
{
    public const string Purpose = "announce";
    public const string StopPurpose = "announce_stop";
    private const string Send = "send";
    private const string Urgent = "urgent";
    private const string Cancel = "cancel";
    private const string Stop = "stop";

    public string Name => "announce";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 81;
    public bool NeedsConsent => true;
    string IButtonHandler.Purpose => Purpose;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!await CoordinatedCommunities(ctx).AnyAsync(ct))
        {
            ctx.Send(ctx.T(AnnouncementTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        await ctx.BeginDialogAsync(DialogIds.Announce, ct: ct);
    }

    public IEnumerable<DialogAction> Actions => [new("announce.audience", ChooseAudienceAsync)];

    private async Task<string?> ChooseAudienceAsync(TurnContext ctx, DialogFrame frame, string? choice, CancellationToken ct)
    {
        var communities = await ctx.Db.Communities.Where(c => CoordinatedCommunities(ctx).Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(ct);
        if (communities.Count == 0)
        {
            ctx.Send(ctx.T(AnnouncementTexts.NotCoordinator));
            return null;
        }
        var draft = new Broadcast
        {
            CommunityId = communities[0].Id,
            CoordinatorPersonId = ctx.Person!.Id,
            Text = frame.Data["text"],
            CreatedAt = ctx.Now,
        };
        ctx.Db.Broadcasts.Add(draft);
        await ctx.Db.SaveChangesAsync(ct);
        var choices = new List<(string Id, string Label)>();
        foreach (var community in communities)
        {
            var values = new Dictionary<string, string> { ["community"] = community.Name };
            choices.Add(($"c{community.Id}", ctx.T(AnnouncementTexts.ButtonCommunity, values)));
            foreach (var activity in await ctx.Db.Activities.Where(a => a.CommunityId == community.Id).OrderBy(a => a.Name).ToListAsync(ct))
            {
                choices.Add(($"a{activity.Id}", ctx.T(AnnouncementTexts.ButtonActivity, new Dictionary<string, string> { ["activity"] = activity.Name })));
            }
            choices.Add(($"v{community.Id}", ctx.T(AnnouncementTexts.ButtonVolunteers, values)));
            choices.Add(($"h{community.Id}", ctx.T(AnnouncementTexts.ButtonHosts, values)));
        }
        choices.Add((Cancel, ctx.T(AnnouncementTexts.ButtonCancel)));
        ctx.SendChoice(ctx.T(AnnouncementTexts.ChooseAudience), Purpose, Id(draft.Id), choices, out _);
        return null;
    }

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var draft = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.Broadcasts.FindAsync([id], ct) : null;
        if (draft is null || draft.ConfirmedAt is not null || draft.CancelledAt is not null || draft.CoordinatorPersonId != ctx.Person!.Id)
        {
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            return;
        }
        if (choice == Cancel)
        {
            token.UsedAt = ctx.Now;
            draft.CancelledAt = ctx.Now;
            await ctx.ShowChosenAsync(messageId, ctx.T(AnnouncementTexts.ButtonCancel), ct: ct);
            ctx.Send(ctx.T(AnnouncementTexts.NotSent));
            return;
        }
        if (choice is Send or Urgent)
        {
            token.UsedAt = ctx.Now;
            await ctx.ShowChosenAsync(messageId, ctx.T(choice == Urgent ? AnnouncementTexts.ButtonSendUrgent : AnnouncementTexts.ButtonSend), ct: ct);
            await SendAsync(ctx, draft, urgent: choice == Urgent, ct);
            return;
        }
        if (choice.Length < 2 || !long.TryParse(choice[1..], CultureInfo.InvariantCulture, out var target) || !await ChooseAsync(ctx, draft, choice[0], target, ct))
        {
            await ctx.CloseButtonsAsync(messageId, TextKeys.ButtonExpired, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        var recipients = await Audiences.RecipientsAsync(db, draft, ct);
        await ctx.ShowChosenAsync(messageId, await AudienceLabelAsync(ctx, draft, ct), ct: ct);
        var reachable = recipients.Count(p => !p.Unreachable && p.Id != ctx.Person!.Id);
        if (reachable == 0)
        {
            draft.CancelledAt = ctx.Now;
            ctx.Send(ctx.T(AnnouncementTexts.Nobody));
            return;
        }
        ctx.Send(ctx.T(AnnouncementTexts.Preview, new Dictionary<string, string> { ["count"] = reachable.ToString(ctx.Culture) }));
        ctx.Send(await MessageTextAsync(ctx, draft, ct));
        ctx.SendChoice(ctx.T(AnnouncementTexts.Confirm), Purpose, Id(draft.Id),
            [(Send, ctx.T(AnnouncementTexts.ButtonSend)), (Urgent, ctx.T(AnnouncementTexts.ButtonSendUrgent)), (Cancel, ctx.T(AnnouncementTexts.ButtonCancel))], out _);
    }

    /// <summary>Sets the audience, only to a community the presser coordinates (or an activity in one).</summary>
    private static async Task<bool> ChooseAsync(TurnContext ctx, Broadcast draft, char kind, long target, CancellationToken ct)
    {
        var communities = CoordinatedCommunities(ctx);
        switch (kind)
        {
            case 'a' when await ctx.Db.Activities.FirstOrDefaultAsync(a => a.Id == target && communities.Contains(a.CommunityId), ct) is { } activity:
                (draft.Audience, draft.CommunityId, draft.ActivityId) = (BroadcastAudience.Activity, activity.CommunityId, activity.Id);
                return true;
            case 'c' or 'v' or 'h' when await communities.ContainsAsync(target, ct):
                draft.Audience = kind switch { 'v' => BroadcastAudience.Volunteers, 'h' => BroadcastAudience.Hosts, _ => BroadcastAudience.Community };
                (draft.CommunityId, draft.ActivityId) = (target, null);
                return true;
            default:
                return false;
        }
    }

    private static async Task<string> AudienceLabelAsync(TurnContext ctx, Broadcast draft, CancellationToken ct)
    {
        if (draft.Audience == BroadcastAudience.Activity && await ctx.Db.Activities.FindAsync([draft.ActivityId], ct) is { } activity)
        {
            return ctx.T(AnnouncementTexts.ButtonActivity, new Dictionary<string, string> { ["activity"] = activity.Name });
        }
        var community = await ctx.Db.Communities.FindAsync([draft.CommunityId], ct);
        return ctx.T(draft.Audience switch
        {
            BroadcastAudience.Volunteers => AnnouncementTexts.ButtonVolunteers,
            BroadcastAudience.Hosts => AnnouncementTexts.ButtonHosts,
            _ => AnnouncementTexts.ButtonCommunity,
        }, new Dictionary<string, string> { ["community"] = community?.Name ?? "" });
    }

    /// <summary>The text exactly as each recipient gets it.</summary>
    private static async Task<string> MessageTextAsync(TurnContext ctx, Broadcast draft, CancellationToken ct)
    {
        var community = await ctx.Db.Communities.FindAsync([draft.CommunityId], ct);
        return Compose(ctx.Catalog, ctx.Language, draft.Text, ctx.Person!.FirstName ?? ctx.T(TextKeys.NameFallback), community?.Name ?? "");
    }

    private async Task SendAsync(TurnContext ctx, Broadcast draft, bool urgent, CancellationToken ct)
    {
        var text = await MessageTextAsync(ctx, draft, ct);
        var sent = await QueueCopiesAsync(ctx.Db, nudges, draft, ctx.Person!.Id, urgent, text, ctx.Now, ctx.TimeZone.Id, (person, zone) => ctx.ReachOut(person, zone), ct);
        ctx.SendChoice(ctx.T(urgent ? AnnouncementTexts.SendingUrgent : AnnouncementTexts.Sending, new Dictionary<string, string> { ["count"] = sent.ToString(ctx.Culture) }),
            StopPurpose, Id(draft.Id), [(Stop, ctx.T(AnnouncementTexts.ButtonStop))], out _);
    }

    /// <summary>
    /// Confirms the announcement and queues one copy per reachable recipient (not the sender), held by each one's
    /// quiet hours unless urgent. The chat and the dashboard both send this way. Returns how many copies.
    /// </summary>
    public static async Task<int> QueueCopiesAsync(MakkerDb db, Nudges nudges, Broadcast draft, long senderId, bool urgent, string text, DateTimeOffset now,
        string defaultZone, Func<Person, TimeZoneInfo, TurnContext> reach, CancellationToken ct)
    {
        var community = await db.Communities.FindAsync([draft.CommunityId], ct);
        var zone = LocalTimes.Zone(community?.TimeZone, defaultZone);
        var recipients = (await Audiences.RecipientsAsync(db, draft, ct)).Where(p => p.Id != senderId).ToList();
        draft.Urgent = urgent;
        draft.ConfirmedAt = now;
        draft.Unreachable = recipients.Count(p => p.Unreachable);
        var sent = 0;
        foreach (var person in recipients.Where(p => !p.Unreachable))
        {
            var toPerson = reach(person, zone);
            // Signed with the sender's name: a copy goes with the sender's data if they ask to be forgotten.
            toPerson.Mentions(senderId);
            var message = toPerson.Send(text);
            message.BroadcastId = draft.Id;
            message.NotBefore = urgent ? null : nudges.QuietRelease(person, now, zone);
            sent++;
        }
        Audit.Add(db, senderId, draft.CommunityId, "broadcast.send", $"{draft.Audience} to {sent}{(urgent ? ", urgent" : "")}: {draft.Text}", now);
        return sent;
    }

    /// <summary>The text as every recipient gets it: the message, then who sent it from which community.</summary>
    public static string Compose(DialogCatalog catalog, string language, string text, string senderName, string communityName) =>
        catalog.Text(AnnouncementTexts.Message, language).Replace("{text}", text, StringComparison.Ordinal)
            .Replace("{name}", senderName, StringComparison.Ordinal).Replace("{community}", communityName, StringComparison.Ordinal);

    private static IQueryable<long> CoordinatedCommunities(TurnContext ctx) =>
        ctx.Db.CommunityMembers.Where(m => m.PersonId == ctx.Person!.Id && m.IsCoordinator).Select(m => m.CommunityId);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Who an announcement goes to: everyone who said yes to the bot in that group, reachable or not (for the report).</summary>
public static class Audiences
{
    public static Task<List<Person>> RecipientsAsync(MakkerDb db, Broadcast broadcast, CancellationToken ct)
    {
        var people = db.People.Where(p => p.Consent == ConsentState.Given);
        people = broadcast.Audience switch
        {
            BroadcastAudience.Activity => people.Where(p => db.ActivityMembers.Any(m => m.ActivityId == broadcast.ActivityId && m.PersonId == p.Id)),
            BroadcastAudience.Volunteers => people.Where(p => db.CommunityMembers.Any(m => m.CommunityId == broadcast.CommunityId && m.PersonId == p.Id && m.IsVolunteer)),
            BroadcastAudience.Hosts => people.Where(p => db.ActivityMembers.Any(m => m.PersonId == p.Id && m.IsHost
                && db.Activities.Any(a => a.Id == m.ActivityId && a.CommunityId == broadcast.CommunityId))),
            _ => people.Where(p => db.CommunityMembers.Any(m => m.CommunityId == broadcast.CommunityId && m.PersonId == p.Id)),
        };
        return people.OrderBy(p => p.Id).ToListAsync(ct);
    }
}
