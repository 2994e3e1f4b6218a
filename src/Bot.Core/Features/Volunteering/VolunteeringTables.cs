using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Volunteering;

/// <summary>How often a volunteer would like to be asked about a shift: at most once in this many days.</summary>
public enum VolunteerFrequency
{
    Weekly = 7,
    EveryOtherWeek = 14,
    Monthly = 28,
}

/// <summary>Someone who said yes to being asked about shifts: which roles, how often. Stopping deletes the row.</summary>
public sealed class Volunteer
{
    public long PersonId { get; set; }
    /// <summary>Role keys (texts "role.&lt;key&gt;" in dialogs/), comma-separated; empty means any role.</summary>
    public string Roles { get; set; } = "";
    public VolunteerFrequency Frequency { get; set; } = VolunteerFrequency.EveryOtherWeek;
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>The shifts every occurrence of a recurring activity gets: a role, a local time window, how many.</summary>
public sealed class ShiftTemplate
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public required string Role { get; set; }
    public TimeOnly StartsAt { get; set; }
    public TimeOnly EndsAt { get; set; }
    public int Needed { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One shift of one occurrence.</summary>
public sealed class Shift
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long? TemplateId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Needed { get; set; }
    /// <summary>How many have it now. Two people taking the last place at once: the update that still sees the old count wins.</summary>
    public int Taken { get; set; }
    /// <summary>When the next wave of prompts may go out; null before the first.</summary>
    public DateTimeOffset? NextWaveAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone was asked about a shift, and what they said. Feeds the rotation: least recently asked first.</summary>
public sealed class ShiftPrompt
{
    public long ShiftId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public bool? Accepted { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>Someone has a shift. Handing it back keeps the row (with the time), so it is never counted against them.</summary>
public sealed class ShiftAssignment
{
    public long Id { get; set; }
    public long ShiftId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    public DateTimeOffset? HandedBackAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
}

internal sealed class VolunteerMapping : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> e)
    {
        e.ToTable("volunteers");
        e.HasKey(v => v.PersonId);
        e.Property(v => v.Roles).HasMaxLength(400);
        e.HasOne<Person>().WithOne().HasForeignKey<Volunteer>(v => v.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShiftTemplateMapping : IEntityTypeConfiguration<ShiftTemplate>
{
    public void Configure(EntityTypeBuilder<ShiftTemplate> e)
    {
        e.ToTable("shift_templates");
        e.Property(t => t.Role).HasMaxLength(32);
        e.HasIndex(t => t.ActivityId);
        e.HasOne<Activity>().WithMany().HasForeignKey(t => t.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShiftMapping : IEntityTypeConfiguration<Shift>
{
    public void Configure(EntityTypeBuilder<Shift> e)
    {
        e.ToTable("shifts");
        e.Property(s => s.Role).HasMaxLength(32);
        e.HasIndex(s => new { s.OccurrenceId, s.TemplateId }).IsUnique();
        e.HasIndex(s => s.StartsAt);
        e.Property(s => s.Taken).IsConcurrencyToken();
        e.HasOne<Occurrence>().WithMany().HasForeignKey(s => s.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ShiftTemplate>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ShiftPromptMapping : IEntityTypeConfiguration<ShiftPrompt>
{
    public void Configure(EntityTypeBuilder<ShiftPrompt> e)
    {
        e.ToTable("shift_prompts");
        e.HasKey(p => new { p.ShiftId, p.PersonId });
        e.HasIndex(p => new { p.PersonId, p.AskedAt });
        e.HasOne<Shift>().WithMany().HasForeignKey(p => p.ShiftId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShiftAssignmentMapping : IEntityTypeConfiguration<ShiftAssignment>
{
    public void Configure(EntityTypeBuilder<ShiftAssignment> e)
    {
        e.ToTable("shift_assignments");
        e.HasIndex(a => new { a.ShiftId, a.PersonId });
        e.HasIndex(a => a.PersonId);
        e.HasOne<Shift>().WithMany().HasForeignKey(a => a.ShiftId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
