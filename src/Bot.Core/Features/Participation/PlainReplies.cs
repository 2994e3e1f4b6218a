using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

[TextKeySet]
public static class PlainReplyTexts
{
    public const string Next = "plain.next";
    public const string YourAnswer = "plain.your_answer";
    public const string NoActivities = "plain.no_activities";
    public const string NoDates = "plain.no_dates";
    public const string NothingOpen = "plain.nothing_open";
    public const string Which = "plain.which";
    public const string WhichChoice = "plain.which_choice";
}

/// <summary>
/// "Hvornår er det?": the person's next time of each activity they are part of, each with the buttons of a nudge, so
/// the answer is one tap away.
/// </summary>
public sealed class WhenReply(ActivityDirectory directory) : IPlainReply
{
    /// <summary>More would be a wall of messages; someone in more activities than this asks again after answering.</summary>
    private const int MostShown = 5;

    public string Intent => PlainIntents.When;

    public async Task RunAsync(TurnContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var activityIds = await db.ActivityMembers.Where(m => m.PersonId == me.Id).Select(m => m.ActivityId).ToListAsync(ct);
        if (activityIds.Count == 0)
        {
            ctx.Send(ctx.T(PlainReplyTexts.NoActivities), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
            return;
        }
        var next = await db.Occurrences
            .Where(o => activityIds.Contains(o.ActivityId) && o.StartsAt > ctx.Now && o.CancelledAt == null)
            .GroupBy(o => o.ActivityId)
            .Select(g => g.OrderBy(o => o.StartsAt).ThenBy(o => o.Id).First())
            .ToListAsync(ct);
        if (next.Count == 0)
        {
            ctx.Send(ctx.T(PlainReplyTexts.NoDates));
            return;
        }
        foreach (var occurrence in next.OrderBy(o => o.StartsAt).ThenBy(o => o.Id).Take(MostShown))
        {
            if (await directory.FindAsync(db, occurrence.ActivityId, ct) is not { } place)
            {
                continue;
            }
            var text = ctx.T(PlainReplyTexts.Next, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone));
            var rsvp = await db.Rsvps.FindAsync([occurrence.Id, me.Id], ct);
            if (rsvp is not null)
            {
                var answer = rsvp.Answer != RsvpAnswer.Coming ? RsvpChoices.NotToday : rsvp.WantsCompany ? RsvpChoices.WithSomeone : RsvpChoices.Coming;
                text += "\n" + ctx.T(PlainReplyTexts.YourAnswer, new Dictionary<string, string>
                {
                    ["answer"] = Nudges.Choices(ctx).First(c => c.Id == answer).Label,
                });
            }
            // The buttons of a nudge: pressing one is answering the nudge.
            var message = ctx.SendChoice(text, Nudges.Purpose, occurrence.Id.ToString(CultureInfo.InvariantCulture), Nudges.Choices(ctx), out _);
            ctx.OfferReadAloud(message);
        }
    }
}

/// <summary>
/// "Jeg kommer", "kan ikke": the newest open reminder answered exactly as its button would be (the reminder shows the
/// answer, the same warm reply comes). With reminders for two different times open, the person is asked which.
/// </summary>
public sealed class RsvpReply(string intent, string choice, RsvpButtons buttons, ActivityDirectory directory) : IPlainReply
{
    public string Intent { get; } = intent;

    public async Task RunAsync(TurnContext ctx, CancellationToken ct)
    {
        var open = await OpenRemindersAsync(ctx, ct);
        switch (open.Count)
        {
            case 0:
                ctx.Send(ctx.T(PlainReplyTexts.NothingOpen), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
                return;
            case 1:
                await buttons.HandleAsync(ctx, open[0].Token, choice, open[0].Token.MessageId, ct);
                return;
        }
        var choices = new List<(string Id, string Label)>();
        foreach (var (_, occurrence) in open.OrderBy(o => o.Occurrence.StartsAt))
        {
            if (await directory.FindAsync(ctx.Db, occurrence.ActivityId, ct) is { } place)
            {
                choices.Add((occurrence.Id.ToString(CultureInfo.InvariantCulture),
                    ctx.T(PlainReplyTexts.WhichChoice, ActivityMoments.Values(ctx, place.Activity, occurrence, place.Zone))));
            }
        }
        ctx.SendChoice(ctx.T(PlainReplyTexts.Which), WhichReminderButtons.Purpose, choice, choices, out _);
    }

    /// <summary>Per time still to come that the person is still part of, the newest reminder (or "when" list) that asked about it.</summary>
    internal static async Task<List<(ButtonToken Token, Occurrence Occurrence)>> OpenRemindersAsync(TurnContext ctx, CancellationToken ct)
    {
        var me = ctx.Person!;
        var rows = await ctx.Db.ButtonTokens.Where(t => t.PersonId == me.Id && t.Purpose == Nudges.Purpose && t.MessageId != null).ToListAsync(ct);
        var ids = rows.Select(t => long.TryParse(t.Args, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
        if (ids.Count == 0)
        {
            // Most who write "jeg kommer" have no reminder open; two more questions would find nothing.
            return [];
        }
        var memberOf = await ctx.Db.ActivityMembers.Where(m => m.PersonId == me.Id).Select(m => m.ActivityId).ToListAsync(ct);
        var occurrences = await ctx.Db.Occurrences
            .Where(o => ids.Contains(o.Id) && o.StartsAt > ctx.Now && o.CancelledAt == null && memberOf.Contains(o.ActivityId))
            .ToDictionaryAsync(o => o.Id.ToString(CultureInfo.InvariantCulture), ct);
        return rows.Where(t => t.Args is not null && occurrences.ContainsKey(t.Args))
            .GroupBy(t => t.Args!)
            .Select(g => (Token: g.OrderByDescending(t => t.MessageId).First(), Occurrence: occurrences[g.Key]))
            .OrderByDescending(o => o.Token.MessageId)
            .ToList();
    }
}

/// <summary>The "which one?" after a plain answer with two reminders open: the chosen time's reminder gets the answer.</summary>
public sealed class WhichReminderButtons(RsvpButtons buttons) : IButtonHandler
{
    public const string Purpose = "plain_rsvp";

    string IButtonHandler.Purpose => Purpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string occurrenceId, long? messageId, CancellationToken ct)
    {
        token.UsedAt = ctx.Now;
        token.UsedChoice = occurrenceId;
        var open = await RsvpReply.OpenRemindersAsync(ctx, ct);
        var chosen = open.FirstOrDefault(o => o.Occurrence.Id.ToString(CultureInfo.InvariantCulture) == occurrenceId);
        if (chosen.Token is null)
        {
            // Started or cancelled in the meantime: the reminder's own button would say the same.
            await ctx.CloseButtonsAsync(messageId, ParticipationTexts.RsvpTooLate, ct);
            return;
        }
        // The question loses its buttons; the reminder itself then shows the answer, as after its own button.
        await ctx.RestoreAsync(messageId, ct: ct);
        await buttons.HandleAsync(ctx, chosen.Token, token.Args ?? RsvpChoices.Coming, chosen.Token.MessageId, ct);
    }
}
