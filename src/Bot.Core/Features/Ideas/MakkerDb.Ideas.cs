using Makker.Features.Ideas;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Ideas' tables as the rest of the code reaches them (db.Ideas): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<Idea> Ideas => Set<Idea>();
    public DbSet<IdeaInterest> IdeaInterest => Set<IdeaInterest>();
    public DbSet<IdeaMessage> IdeaMessages => Set<IdeaMessage>();
}
