using Makker.Features.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Dashboard's tables as the rest of the code reaches them (db.DashboardLogins): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<DashboardLogin> DashboardLogins => Set<DashboardLogin>();
}
