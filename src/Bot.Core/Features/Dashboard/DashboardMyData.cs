using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Dashboard;

/// <summary>The dashboard's part of /mydata: the login links the person was sent (only their hashes are kept).</summary>
public sealed class DashboardMyData : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var sent = await ctx.Db.DashboardLogins.Where(l => l.PersonId == person.Id).Select(l => l.CreatedAt).ToListAsync(ct);
        return sent.Count == 0 ? null : ctx.T(DashboardTexts.MyDataLogins, new Dictionary<string, string>
        {
            ["dates"] = string.Join(", ", sent.Order().Select(s => ctx.FormatDate(s)).Distinct()),
        });
    }
}
