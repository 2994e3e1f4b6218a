using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Makker.Storage;

/// <summary>
/// The bot's database. The engine's own tables are mapped here; each feature maps its own (an
/// IEntityTypeConfiguration beside its entities) and declares its tables in its own part of this class.
/// </summary>
public sealed partial class MakkerDb(DbContextOptions<MakkerDb> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();
    public DbSet<DialogState> DialogStates => Set<DialogState>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ButtonToken> ButtonTokens => Set<ButtonToken>();
    public DbSet<InboundReceipt> InboundReceipts => Set<InboundReceipt>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<OutboxMention> OutboxMentions => Set<OutboxMention>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values in SQL; stored as UTC ticks they sort and
        // compare correctly. PostgreSQL keeps its native timestamptz.
        if (Database.IsSqlite())
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
            e.Property(p => p.ReadAloud).HasDefaultValue(false);
            e.Property(p => p.MenuKey).HasMaxLength(32);
            e.Property(p => p.PreviousAddress).HasMaxLength(64);
            e.Property(p => p.SessionStamp).HasDefaultValue(0);
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
            e.Property(o => o.Kind).HasDefaultValue(OutboxKind.Message);
            e.Property(o => o.Language).HasMaxLength(8);
            e.Property(o => o.DocumentName).HasMaxLength(100);
            e.Property(o => o.TextWhenSent).HasMaxLength(100);
            // No foreign key: SQLite cannot add one to a table that exists, and the copies need none.
            // Only announcement copies have a broadcast id; other messages need no entry (one write less each).
            e.HasIndex(o => new { o.BroadcastId, o.Status }).HasFilter("\"BroadcastId\" IS NOT NULL");
            // Only the waiting messages, in the order they go out (see M0026): every query by status asks for those. Each
            // database's planner walks a different shape of it for the dispatcher's look.
            if (Database.IsSqlite())
            {
                e.HasIndex(o => new { o.Channel, o.Id }, "IX_outbox_Pending").HasFilter("\"Status\" = 0");
            }
            else
            {
                e.HasIndex(o => o.Id, "IX_outbox_Pending").HasFilter("\"Status\" = 0");
            }
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
        b.Entity<OutboxMention>(e =>
        {
            e.ToTable("outbox_mentions");
            e.HasKey(m => new { m.MessageId, m.PersonId });
            e.HasIndex(m => m.PersonId);
            // A message that goes takes its mentions along; a person who goes takes theirs (after their messages went).
            e.HasOne(m => m.Message).WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
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
