using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.CheckIns;

/// <summary>
/// "I'd like to talk to someone": the hosts hear it at once with the person's first name and a button "I'll get
/// in touch"; the first host to press it takes it, and the person hears who. Contact details go to the hosts only
/// when the person writes them in the dialog that follows.
/// </summary>
public sealed class TalkToSomeone(ActivityDirectory directory) : IButtonHandler, IDialogActionSource
{
    public const string Purpose = "checkin_talk";
    private const string Take = "take";
    private const string CheckInKey = "checkin";
    private const string HostsKey = "hosts";
    private const string ContactKey = "contact";

    string IButtonHandler.Purpose => Purpose;

    /// <summary>In the person's turn, right after the answer.</summary>
    public async Task RequestAsync(TurnContext ctx, CheckIn checkIn, ActivityPlace place, CancellationToken ct)
    {
        var me = ctx.Person!;
        checkIn.TalkRequestedAt = ctx.Now;
        var hosts = (await Briefings.HostsAsync(ctx.Db, place.Activity.Id, ct)).Where(h => h.Id != me.Id).ToList();
        if (hosts.Count == 0)
        {
            // No host on this activity: the community's coordinators are the next people who can reach out.
            hosts = (await ActivityDirectory.CoordinatorsAsync(ctx.Db, place.Activity.CommunityId, ct)).Where(p => p.Id != me.Id).ToList();
        }
        if (hosts.Count == 0)
        {
            ctx.OfferReadAloud(ctx.Send(ctx.T(CheckInTexts.TalkNobody)));
            return;
        }
        foreach (var host in hosts)
        {
            var toHost = ctx.ReachOut(host, place.Zone);
            toHost.SendChoice(toHost.T(CheckInTexts.TalkToHost, new Dictionary<string, string>
            {
                ["name"] = toHost.NameOf(me),
                ["activity"] = place.Activity.Name,
            }), Purpose, checkIn.Id.ToString(CultureInfo.InvariantCulture), [(Take, toHost.T(CheckInTexts.ButtonTalkTake))], out _);
        }
        var names = Names(ctx, hosts);
        ctx.OfferReadAloud(ctx.Send(ctx.T(CheckInTexts.TalkTold, new Dictionary<string, string> { ["hosts"] = names })));
        await ctx.BeginDialogAsync(DialogIds.CheckInContact, new Dictionary<string, string>
        {
            [CheckInKey] = checkIn.Id.ToString(CultureInfo.InvariantCulture),
            [HostsKey] = names,
        }, ct);
    }

    /// <summary>A host presses "I'll get in touch".</summary>
    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var checkIn = long.TryParse(token.Args, CultureInfo.InvariantCulture, out var id) ? await db.CheckIns.FindAsync([id], ct) : null;
        var person = checkIn is null ? null : await db.People.FindAsync([checkIn.PersonId], ct);
        if (checkIn is null || person is null)
        {
            await ctx.CloseButtonsAsync(messageId, CheckInTexts.TalkGone, ct);
            return;
        }
        if (checkIn.TalkTakenByPersonId is not null)
        {
            await ctx.CloseButtonsAsync(messageId, CheckInTexts.TalkAlready, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choice;
        checkIn.TalkTakenByPersonId = me.Id;
        await ctx.ShowChosenAsync(messageId, ctx.T(CheckInTexts.ButtonTalkTake), ct: ct);
        var name = ctx.NameOf(person);
        ctx.ButtonAnswer = ctx.T(CheckInTexts.TalkTakenHost, new Dictionary<string, string> { ["name"] = name });
        ctx.Send(ctx.ButtonAnswer);

        var zone = await directory.FindAsync(db, (await db.Occurrences.FindAsync([checkIn.OccurrenceId], ct))?.ActivityId ?? 0, ct) is { } place ? place.Zone : null;
        var toPerson = ctx.ReachOut(person, zone);
        toPerson.Send(toPerson.T(CheckInTexts.TalkTakenPerson, new Dictionary<string, string> { ["host"] = toPerson.NameOf(me) }));

        // The other hosts' buttons go quiet, and they hear who took it.
        foreach (var other in await OtherPromptsAsync(db, checkIn, me.Id, ct))
        {
            var toOther = ctx.ReachOut(other.Host, zone);
            await toOther.RestoreAsync(other.MessageId, ct: ct);
            toOther.Send(toOther.T(CheckInTexts.TalkTakenOther, new Dictionary<string, string>
            {
                ["host"] = toOther.NameOf(me),
                ["name"] = toOther.NameOf(person),
            }));
        }
    }

    public IEnumerable<DialogAction> Actions =>
    [
        new("checkin.contact_share", (ctx, frame, _, ct) => TellHostsAsync(ctx, frame, CheckInTexts.ContactToHost, ct)),
        new("checkin.contact_in_person", (ctx, frame, _, ct) => TellHostsAsync(ctx, frame, CheckInTexts.InPersonToHost, ct)),
    ];

    /// <summary>
    /// The hosts who were told get the person's answer about contact; the contact itself is not kept: not in the dialog,
    /// and its messages are deleted from the outbox once delivered.
    /// </summary>
    private async Task<string?> TellHostsAsync(TurnContext ctx, DialogFrame frame, string textKey, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        if (!long.TryParse(frame.Data.GetValueOrDefault(CheckInKey), CultureInfo.InvariantCulture, out var id)
            || await db.CheckIns.FindAsync([id], ct) is not { } checkIn || checkIn.PersonId != me.Id)
        {
            return null;
        }
        var occurrence = await db.Occurrences.FindAsync([checkIn.OccurrenceId], ct);
        var place = occurrence is null ? null : await directory.FindAsync(db, occurrence.ActivityId, ct);
        var contact = frame.Data.GetValueOrDefault(ContactKey) ?? "";
        frame.Data.Remove(ContactKey);
        foreach (var host in await HostsToldAsync(db, checkIn, ct))
        {
            var toHost = ctx.ReachOut(host, place?.Zone);
            var message = toHost.Send(toHost.T(textKey, new Dictionary<string, string>
            {
                ["name"] = toHost.NameOf(me),
                ["activity"] = place?.Activity.Name ?? "",
                ["contact"] = contact,
            }));
            // The host has it in their chat once it is delivered; the bot keeps no copy of someone's phone number or e-mail.
            message.DeleteWhenSent = contact.Length > 0;
        }
        return null;
    }

    private static async Task<List<Person>> HostsToldAsync(MakkerDb db, CheckIn checkIn, CancellationToken ct)
    {
        var args = checkIn.Id.ToString(CultureInfo.InvariantCulture);
        var told = db.ButtonTokens.Where(t => t.Purpose == Purpose && t.Args == args).Select(t => t.PersonId);
        return await db.People.Where(p => told.Contains(p.Id) && !p.Unreachable).OrderBy(p => p.Id).ToListAsync(ct);
    }

    private static async Task<List<(Person Host, long? MessageId)>> OtherPromptsAsync(MakkerDb db, CheckIn checkIn, long exceptPersonId, CancellationToken ct)
    {
        var args = checkIn.Id.ToString(CultureInfo.InvariantCulture);
        var open = await db.ButtonTokens.Where(t => t.Purpose == Purpose && t.Args == args && t.UsedAt == null && t.PersonId != exceptPersonId).ToListAsync(ct);
        var result = new List<(Person, long?)>();
        foreach (var token in open)
        {
            if (await db.People.FindAsync([token.PersonId], ct) is { } host)
            {
                result.Add((host, token.MessageId));
            }
        }
        return result;
    }

    private static string Names(TurnContext ctx, List<Person> people)
    {
        var names = people.Select(p => ctx.NameOf(p)).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} {ctx.T(CheckInTexts.ListAnd)} {names[^1]}";
    }
}
