using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Makker.Storage;

public sealed class MakkerDb(DbContextOptions<MakkerDb> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();
    public DbSet<DialogState> DialogStates => Set<DialogState>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ButtonToken> ButtonTokens => Set<ButtonToken>();
    public DbSet<InboundReceipt> InboundReceipts => Set<InboundReceipt>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<CommunityMember> CommunityMembers => Set<CommunityMember>();
    public DbSet<ActivityMember> ActivityMembers => Set<ActivityMember>();
    public DbSet<Occurrence> Occurrences => Set<Occurrence>();
    public DbSet<Rsvp> Rsvps => Set<Rsvp>();
    public DbSet<NudgeSent> NudgesSent => Set<NudgeSent>();
    public DbSet<CompanyRequest> CompanyRequests => Set<CompanyRequest>();
    public DbSet<CompanyPrompt> CompanyPrompts => Set<CompanyPrompt>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<EvaluationFigures> EvaluationFigures => Set<EvaluationFigures>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<ShiftTemplate> ShiftTemplates => Set<ShiftTemplate>();
    public DbSet<Shift> Shifts => Set<Shift>();
    public DbSet<ShiftPrompt> ShiftPrompts => Set<ShiftPrompt>();
    public DbSet<ShiftAssignment> ShiftAssignments => Set<ShiftAssignment>();
    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();
    public DbSet<DashboardLogin> DashboardLogins => Set<DashboardLogin>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<PersonCapability> PersonCapabilities => Set<PersonCapability>();
    public DbSet<SetupCode> SetupCodes => Set<SetupCode>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values in SQL; stored as UTC ticks they sort and
        // compare correctly. PostgreSQL keeps its native timestamptz.
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            // timestamptz holds instants; Npgsql takes only UTC offsets, and local times (a start at 17:30 +01:00)
            // are the same instant in UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Each feature maps its own tables (an IEntityTypeConfiguration next to its entities).
        b.ApplyConfigurationsFromAssembly(typeof(MakkerDb).Assembly);
        b.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasIndex(p => new { p.Channel, p.ExternalId }).IsUnique();
            e.Property(p => p.Channel).HasMaxLength(16);
            e.Property(p => p.ExternalId).HasMaxLength(64);
            e.Property(p => p.FirstName).HasMaxLength(64);
            e.Property(p => p.Language).HasMaxLength(8);
        });
        b.Entity<InboundReceipt>(e =>
        {
            e.ToTable("inbound_receipts");
            e.Property(r => r.Id).HasMaxLength(80);
            e.HasIndex(r => r.ReceivedAt);
        });
        b.Entity<DialogState>(e =>
        {
            e.ToTable("dialog_states");
            e.HasKey(d => d.PersonId);
            e.HasOne<Person>().WithOne().HasForeignKey<DialogState>(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.Property(o => o.Channel).HasMaxLength(16);
            e.Property(o => o.Address).HasMaxLength(64);
            // Added to a table with rows in it, so the column needs a default.
            e.Property(o => o.PartsSent).HasDefaultValue(0);
            e.Property(o => o.DocumentName).HasMaxLength(100);
            // No foreign key: SQLite cannot add one to a table that exists, and the copies need none.
            e.HasIndex(o => new { o.BroadcastId, o.Status });
            e.HasIndex(o => new { o.Status, o.Id });
            e.HasIndex(o => new { o.Channel, o.Address, o.Id });
            e.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ButtonToken>(e =>
        {
            e.ToTable("button_tokens");
            e.HasKey(t => t.Token);
            e.Property(t => t.Token).HasMaxLength(16);
            e.Property(t => t.Purpose).HasMaxLength(32);
            // "WHERE UsedAt IS NULL" on the update: of two instances taking the same press, only one wins.
            e.Property(t => t.UsedAt).IsConcurrencyToken();
            e.HasIndex(t => t.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Community>(e =>
        {
            e.ToTable("communities");
            e.Property(c => c.Name).HasMaxLength(120);
            e.Property(c => c.TimeZone).HasMaxLength(64);
        });
        b.Entity<Activity>(e =>
        {
            e.ToTable("activities");
            e.Property(a => a.Name).HasMaxLength(120);
            e.Property(a => a.Place).HasMaxLength(200);
            e.Property(a => a.Description).HasMaxLength(500);
            e.Property(a => a.MeetingPoint).HasMaxLength(200);
            e.Property(a => a.InviteCode).HasMaxLength(32);
            e.HasIndex(a => a.InviteCode).IsUnique();
            // These columns came to a table with rows in it, so they carry defaults. The sentinels are values
            // nobody sets, so EF still writes an explicit 0 ("no second nudge") instead of the default.
            e.Property(a => a.Days).HasDefaultValue(WeekDays.None);
            e.Property(a => a.FirstNudgeDaysBefore).HasDefaultValue(1).HasSentinel(-1);
            e.Property(a => a.FirstNudgeAt).HasDefaultValue(new TimeOnly(17, 0)).HasSentinel(TimeOnly.MaxValue);
            e.Property(a => a.SecondNudgeHoursBefore).HasDefaultValue(3).HasSentinel(-1);
            e.Property(a => a.BriefingHoursBefore).HasDefaultValue(3).HasSentinel(-1);
            e.HasOne<Community>().WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommunityMember>(e =>
        {
            e.Property(m => m.WillingBuddy).HasDefaultValue(false);
            e.ToTable("community_members");
            e.HasKey(m => new { m.CommunityId, m.PersonId });
            e.HasIndex(m => m.PersonId);
            e.HasOne<Community>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ActivityMember>(e =>
        {
            e.ToTable("activity_members");
            e.HasKey(m => new { m.ActivityId, m.PersonId });
            e.HasIndex(m => m.PersonId);
            e.HasOne<Activity>().WithMany().HasForeignKey(m => m.ActivityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Occurrence>(e =>
        {
            e.ToTable("occurrences");
            e.HasIndex(o => new { o.ActivityId, o.StartsAt }).IsUnique();
            e.HasIndex(o => o.StartsAt);
            e.HasOne<Activity>().WithMany().HasForeignKey(o => o.ActivityId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Rsvp>(e =>
        {
            e.ToTable("rsvps");
            e.HasKey(r => new { r.OccurrenceId, r.PersonId });
            e.HasIndex(r => r.PersonId);
            e.HasOne<Occurrence>().WithMany().HasForeignKey(r => r.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<NudgeSent>(e =>
        {
            e.ToTable("nudges_sent");
            e.HasKey(n => new { n.OccurrenceId, n.PersonId, n.Phase });
            e.HasIndex(n => new { n.PersonId, n.SentAt });
            e.HasOne<Occurrence>().WithMany().HasForeignKey(n => n.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CompanyRequest>(e =>
        {
            e.ToTable("company_requests");
            e.HasIndex(r => new { r.OccurrenceId, r.PersonId });
            e.HasIndex(r => r.PersonId);
            e.HasIndex(r => r.BuddyPersonId);
            // Two buddies saying yes at the same moment: the update that still sees "open" wins.
            e.Property(r => r.Status).IsConcurrencyToken();
            e.HasOne<Occurrence>().WithMany().HasForeignKey(r => r.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.BuddyPersonId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<CompanyPrompt>(e =>
        {
            e.ToTable("company_prompts");
            e.HasKey(p => new { p.RequestId, p.PersonId });
            e.HasIndex(p => p.PersonId);
            e.HasOne<CompanyRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    
        b.Entity<CheckIn>(e =>
        {
            e.ToTable("check_ins");
            e.Property(c => c.Variant).HasMaxLength(16);
            e.Property(c => c.QuestionId).HasMaxLength(32);
            e.Property(c => c.AnswerId).HasMaxLength(16);
            e.HasIndex(c => new { c.OccurrenceId, c.PersonId }).IsUnique();
            e.HasIndex(c => c.PersonId);
            e.HasIndex(c => c.AskedAt);
            e.HasIndex(c => c.TalkTakenByPersonId);
            // Two hosts pressing "I'll get in touch" at once: the update that still sees nobody wins.
            e.Property(c => c.TalkTakenByPersonId).IsConcurrencyToken();
            e.HasOne<Occurrence>().WithMany().HasForeignKey(c => c.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.TalkTakenByPersonId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<EvaluationFigures>(e =>
        {
            e.ToTable("evaluation_figures");
            e.Property(f => f.Period).HasMaxLength(8);
            e.HasIndex(f => new { f.ActivityId, f.Period, f.Start }).IsUnique();
            e.HasOne<Activity>().WithMany().HasForeignKey(f => f.ActivityId).OnDelete(DeleteBehavior.Cascade);
        });
    
        b.Entity<Volunteer>(e =>
        {
            e.ToTable("volunteers");
            e.HasKey(v => v.PersonId);
            e.Property(v => v.Roles).HasMaxLength(400);
            e.HasOne<Person>().WithOne().HasForeignKey<Volunteer>(v => v.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ShiftTemplate>(e =>
        {
            e.ToTable("shift_templates");
            e.Property(t => t.Role).HasMaxLength(32);
            e.HasIndex(t => t.ActivityId);
            e.HasOne<Activity>().WithMany().HasForeignKey(t => t.ActivityId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Shift>(e =>
        {
            e.ToTable("shifts");
            e.Property(s => s.Role).HasMaxLength(32);
            e.HasIndex(s => new { s.OccurrenceId, s.TemplateId }).IsUnique();
            e.HasIndex(s => s.StartsAt);
            e.Property(s => s.Taken).IsConcurrencyToken();
            e.HasOne<Occurrence>().WithMany().HasForeignKey(s => s.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ShiftTemplate>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<ShiftPrompt>(e =>
        {
            e.ToTable("shift_prompts");
            e.HasKey(p => new { p.ShiftId, p.PersonId });
            e.HasIndex(p => new { p.PersonId, p.AskedAt });
            e.HasOne<Shift>().WithMany().HasForeignKey(p => p.ShiftId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ShiftAssignment>(e =>
        {
            e.ToTable("shift_assignments");
            e.HasIndex(a => new { a.ShiftId, a.PersonId });
            e.HasIndex(a => a.PersonId);
            e.HasOne<Shift>().WithMany().HasForeignKey(a => a.ShiftId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    
        b.Entity<Broadcast>(e =>
        {
            e.ToTable("broadcasts");
            e.Property(x => x.Text).HasMaxLength(4000);
            e.HasIndex(x => x.CommunityId);
            e.HasIndex(x => x.CoordinatorPersonId);
            // A report and a "stop" at the same moment: the one that still sees it unreported wins.
            e.Property(x => x.ReportedAt).IsConcurrencyToken();
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Activity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.CoordinatorPersonId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<DashboardLogin>(e =>
        {
            e.ToTable("dashboard_logins");
            e.HasKey(l => l.TokenHash);
            e.Property(l => l.TokenHash).HasMaxLength(64);
            // Two tabs opening the same link at once: the update that still sees it unused wins.
            e.Property(l => l.UsedAt).IsConcurrencyToken();
            e.HasIndex(l => l.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(400);
            e.HasIndex(a => new { a.CommunityId, a.At });
            e.HasIndex(a => a.PersonId);
            e.HasOne<Community>().WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<PersonCapability>(e =>
        {
            e.ToTable("person_capabilities");
            e.HasKey(c => new { c.PersonId, c.Capability });
            e.Property(c => c.Capability).HasMaxLength(32);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SetupCode>(e =>
        {
            e.ToTable("setup_codes");
            e.Property(c => c.CodeHash).HasMaxLength(64);
            e.HasIndex(c => c.CodeHash).IsUnique();
            // Two people redeeming the same code at once: the update that still sees it unused wins.
            e.Property(c => c.RedeemedAt).IsConcurrencyToken();
        });
        b.Entity<Lease>(e =>
        {
            e.ToTable("leases");
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(64);
            e.Property(l => l.Holder).HasMaxLength(100);
        });
    }
}

internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
