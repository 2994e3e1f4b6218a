using Makker.Features.Volunteering;
using Microsoft.EntityFrameworkCore;

namespace Makker.Storage;

// Volunteering's tables as the rest of the code reaches them (db.Volunteers): declared beside its entities, so Storage names no feature.
public sealed partial class MakkerDb
{
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<ShiftTemplate> ShiftTemplates => Set<ShiftTemplate>();
    public DbSet<Shift> Shifts => Set<Shift>();
    public DbSet<ShiftPrompt> ShiftPrompts => Set<ShiftPrompt>();
    public DbSet<ShiftAssignment> ShiftAssignments => Set<ShiftAssignment>();
}
