using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Privacy;

/// <summary>
/// The messages kept that concern the person, for /mydata: those sent to them, and those to others that name them (a
/// host's list, a roster), which /forget removes too.
/// </summary>
public sealed class MessagesMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var toThem = await ctx.Db.Outbox.CountAsync(o => o.PersonId == person.Id && o.Kind != OutboxKind.CommandMenu, ct);
        var naming = await ctx.Db.OutboxMentions.CountAsync(m => m.PersonId == person.Id, ct);
        var lines = new List<string>();
        if (toThem > 0)
        {
            lines.Add(ctx.T(TextKeys.MyDataMessages, new Dictionary<string, string> { ["count"] = toThem.ToString(ctx.Culture) }));
        }
        if (naming > 0)
        {
            lines.Add(ctx.T(TextKeys.MyDataMentions, new Dictionary<string, string> { ["count"] = naming.ToString(ctx.Culture) }));
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}
