using Makker.Features.HelpingHands;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Helping hands' tables as the rest of the code reaches them: declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<HelpingTask> HelpingTasks => Set<HelpingTask>();
    public DbSet<HelpingHand> HelpingHands => Set<HelpingHand>();
    public DbSet<HelpingAsked> HelpingAsked => Set<HelpingAsked>();
}
