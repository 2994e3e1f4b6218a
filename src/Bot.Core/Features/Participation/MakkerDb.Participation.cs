using Makker.Features.Participation;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Participation's tables as the rest of the code reaches them (db.Activities): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<OccurrenceStep> OccurrenceSteps => Set<OccurrenceStep>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityMember> ActivityMembers => Set<ActivityMember>();
    public DbSet<Occurrence> Occurrences => Set<Occurrence>();
    public DbSet<Rsvp> Rsvps => Set<Rsvp>();
    public DbSet<NudgeSent> NudgesSent => Set<NudgeSent>();
    public DbSet<CompanyRequest> CompanyRequests => Set<CompanyRequest>();
    public DbSet<CompanyPrompt> CompanyPrompts => Set<CompanyPrompt>();
}
