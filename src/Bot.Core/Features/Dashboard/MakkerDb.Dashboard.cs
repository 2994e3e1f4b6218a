using Makker.Features.Dashboard;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Dashboard's tables as the rest of the code reaches them (db.DashboardLogins): declared beside its entities, so Storage names no feature.
// The cookie keys live here too: on PostgreSQL every instance reads the same keys (see DashboardEndpoints).
public sealed partial class MakkerDb : IDataProtectionKeyContext
{
    public DbSet<DashboardLogin> DashboardLogins => Set<DashboardLogin>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
