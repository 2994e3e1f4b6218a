using Makker.Features.Announcements;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Announcements's tables as the rest of the code reaches them (db.Broadcasts): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();
}
