using Makker.Features.Dashboard;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Pages.Dashboard;

/// <summary>The newest changes in the community: who changed what and when, from the chat or the dashboard.</summary>
public sealed class AuditModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock) : CommunityPageModel(dbs, clock)
{
    public List<AuditRow> Entries { get; private set; } = [];

    public async Task OnGetAsync() => Entries = await DashboardQueries.AuditAsync(Db, Id, HttpContext.RequestAborted);
}
