using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Privacy;

/// <summary>/mydata: everything stored about the person, in words.</summary>
public sealed class MyDataCommand(IEnumerable<IMyDataSection> sections) : IChatCommand
{
    public string Name => "mydata";
    public CommandAudience Audience => CommandAudience.Newcomer | CommandAudience.Participant;
    public int? MenuOrder => 60;
    public bool NeedsConsent => false;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var person = ctx.Person!;
        switch (person.Consent)
        {
            case ConsentState.Refused:
                ctx.Send(ctx.T(TextKeys.MyDataRefused, new Dictionary<string, string> { ["date"] = ctx.FormatDate(person.ConsentChangedAt ?? person.CreatedAt) }));
                break;
            case ConsentState.Unknown:
                ctx.Send(ctx.T(TextKeys.MyDataNothing), [[ctx.CommandButton(TextKeys.ButtonStart, "start")]]);
                break;
            default:
                var parts = new List<string> { await DescribeAsync(ctx, person, ct) };
                foreach (var section in sections)
                {
                    if (await section.DescribeAsync(ctx, person, ct) is { } part)
                    {
                        parts.Add(part);
                    }
                }
                ctx.Send(string.Join("\n\n", parts));
                break;
        }
        ctx.RepromptCurrent();
    }

    private static async Task<string> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var db = ctx.Db;
        var activities = await (
            from m in db.ActivityMembers
            join a in db.Activities on m.ActivityId equals a.Id
            where m.PersonId == person.Id
            orderby a.Name
            select new { a.Name, m.IsHost }).ToListAsync(ct);
        var communities = await (
            from m in db.CommunityMembers
            join c in db.Communities on m.CommunityId equals c.Id
            where m.PersonId == person.Id
            orderby c.Name
            select new { c.Name, m.IsCoordinator, m.IsVolunteer }).ToListAsync(ct);

        var activityLines = activities.Select(a => ctx.T(a.IsHost ? TextKeys.MyDataHostOf : TextKeys.MyDataActivity,
            new Dictionary<string, string> { ["name"] = a.Name })).ToList();
        var communityLines = communities.Select(c =>
        {
            var roles = new List<string>();
            if (c.IsCoordinator)
            {
                roles.Add(ctx.T(TextKeys.MyDataCoordinator));
            }
            if (c.IsVolunteer)
            {
                roles.Add(ctx.T(TextKeys.MyDataVolunteer));
            }
            return ctx.T(TextKeys.MyDataCommunity, new Dictionary<string, string>
            {
                ["name"] = c.Name,
                ["roles"] = roles.Count == 0 ? "" : " (" + string.Join(", ", roles) + ")",
            });
        }).ToList();

        var reminders = person.PausedIndefinitely
            ? ctx.T(TextKeys.MyDataPausedOpen)
            : person.PausedUntil > ctx.Now
                ? ctx.T(TextKeys.MyDataPausedUntil, new Dictionary<string, string> { ["date"] = ctx.FormatDate(person.PausedUntil.Value) })
                : ctx.T(TextKeys.MyDataRemindersOn);
        var none = ctx.T(TextKeys.MyDataNone);
        return ctx.T(TextKeys.MyDataConsented, new Dictionary<string, string>
        {
            ["name"] = person.FirstName ?? "–",
            ["language"] = ctx.Catalog.Text(TextKeys.LanguageName, person.Language ?? Languages.Danish),
            ["since"] = ctx.FormatDate(person.ConsentChangedAt ?? person.CreatedAt),
            ["reminders"] = reminders,
            ["activities"] = activityLines.Count == 0 ? none : string.Join("\n", activityLines),
            ["communities"] = communityLines.Count == 0 ? none : string.Join("\n", communityLines),
        });
    }
}

/// <summary>/forget: erase the person and everything linked to them, after one confirm step.</summary>
public sealed class ForgetCommand : IChatCommand
{
    public string Name => "forget";
    public CommandAudience Audience => CommandAudience.Newcomer | CommandAudience.Participant;
    public bool NeedsConsent => false;
    public bool PrivateOnly => true;

    public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        ctx.ClearDialogs();
        return ctx.BeginDialogAsync(DialogIds.Forget, ct: ct);
    }
}

public sealed class PrivacyActions : IDialogActionSource
{
    public IEnumerable<DialogAction> Actions =>
    [
        new("privacy.erase", async (ctx, _, _, ct) =>
        {
            await PersonEraser.EraseAsync(ctx, ct);
            return null;
        }),
    ];
}
