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

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values in SQL; stored as UTC ticks they sort and
        // compare correctly. PostgreSQL keeps its native timestamptz.
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
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
            e.HasOne<Community>().WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommunityMember>(e =>
        {
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
    }
}
