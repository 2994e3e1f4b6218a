using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Participation;

public sealed class Activity
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public required string Name { get; set; }
    public string? Place { get; set; }
    public string? Description { get; set; }
    /// <summary>Where a buddy and the person they come with meet; the place's entrance when empty.</summary>
    public string? MeetingPoint { get; set; }
    /// <summary>Weekly recurrence on these days; none for an activity with one-off dates only.</summary>
    public WeekDays Days { get; set; }
    /// <summary>Local start time of the weekly occurrences.</summary>
    public TimeOnly? StartsAt { get; set; }
    public int DurationMinutes { get; set; } = 120;
    /// <summary>The first nudge: this many days before, at <see cref="FirstNudgeAt"/> local time.</summary>
    public int FirstNudgeDaysBefore { get; set; } = 1;
    public TimeOnly FirstNudgeAt { get; set; } = new(17, 0);
    /// <summary>The second nudge to those who have not answered, this many hours before; 0 for none.</summary>
    public int SecondNudgeHoursBefore { get; set; } = 3;
    public int BriefingHoursBefore { get; set; } = 3;
    /// <summary>The code in the invite link (https://t.me/&lt;bot&gt;?start=&lt;code&gt;).</summary>
    public string? InviteCode { get; set; }
    public DateTimeOffset? InviteExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

[Flags]
public enum WeekDays
{
    None = 0,
    Sunday = 1 << DayOfWeek.Sunday,
    Monday = 1 << DayOfWeek.Monday,
    Tuesday = 1 << DayOfWeek.Tuesday,
    Wednesday = 1 << DayOfWeek.Wednesday,
    Thursday = 1 << DayOfWeek.Thursday,
    Friday = 1 << DayOfWeek.Friday,
    Saturday = 1 << DayOfWeek.Saturday,
}

public sealed class ActivityMember
{
    public long ActivityId { get; set; }
    public long PersonId { get; set; }
    public bool IsHost { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    /// <summary>
    /// They came to this activity at a time whose answers are deleted by now (retention): folded from those answers,
    /// so they are still not a first-timer, and nothing more about when is kept.
    /// </summary>
    public bool CameBefore { get; set; }
}

/// <summary>One dated instance of an activity. Its scheduled steps, and which have run, are rows of their own (occurrence_steps).</summary>
public sealed class Occurrence
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RsvpAnswer
{
    Coming = 1,
    NotToday = 2,
}

/// <summary>An answer for one occurrence. No answer is no row; nothing here ever adds up across occurrences.</summary>
public sealed class Rsvp
{
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public RsvpAnswer Answer { get; set; }
    public bool WantsCompany { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>A nudge that went out, so none goes twice and the weekly cap can be kept.</summary>
public sealed class NudgeSent
{
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public int Phase { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

public enum CompanyStatus
{
    Open = 0,
    Matched = 1,
    /// <summary>Nobody could come along; the host welcomes the person at the door instead.</summary>
    HostWelcome = 2,
    Withdrawn = 3,
}

/// <summary>Someone would like company on the way to an occurrence.</summary>
public sealed class CompanyRequest
{
    public long Id { get; set; }
    public long OccurrenceId { get; set; }
    public long PersonId { get; set; }
    public long? BuddyPersonId { get; set; }
    public CompanyStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A buddy who was asked about a company request, so they can be told when it is covered.</summary>
public sealed class CompanyPrompt
{
    public long RequestId { get; set; }
    public long PersonId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
}

internal sealed class ActivityMapping : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> e)
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
    }
}

internal sealed class ActivityMemberMapping : IEntityTypeConfiguration<ActivityMember>
{
    public void Configure(EntityTypeBuilder<ActivityMember> e)
    {
        e.ToTable("activity_members");
        e.HasKey(m => new { m.ActivityId, m.PersonId });
        e.Property(m => m.CameBefore).HasDefaultValue(false);
        e.HasIndex(m => m.PersonId);
        e.HasOne<Activity>().WithMany().HasForeignKey(m => m.ActivityId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OccurrenceMapping : IEntityTypeConfiguration<Occurrence>
{
    public void Configure(EntityTypeBuilder<Occurrence> e)
    {
        e.ToTable("occurrences");
        e.HasIndex(o => new { o.ActivityId, o.StartsAt }).IsUnique();
        e.HasIndex(o => o.StartsAt);
        e.HasOne<Activity>().WithMany().HasForeignKey(o => o.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RsvpMapping : IEntityTypeConfiguration<Rsvp>
{
    public void Configure(EntityTypeBuilder<Rsvp> e)
    {
        e.ToTable("rsvps");
        e.HasKey(r => new { r.OccurrenceId, r.PersonId });
        e.HasIndex(r => r.PersonId);
        e.HasOne<Occurrence>().WithMany().HasForeignKey(r => r.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NudgeSentMapping : IEntityTypeConfiguration<NudgeSent>
{
    public void Configure(EntityTypeBuilder<NudgeSent> e)
    {
        e.ToTable("nudges_sent");
        e.HasKey(n => new { n.OccurrenceId, n.PersonId, n.Phase });
        e.HasIndex(n => new { n.PersonId, n.SentAt });
        e.HasOne<Occurrence>().WithMany().HasForeignKey(n => n.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompanyRequestMapping : IEntityTypeConfiguration<CompanyRequest>
{
    public void Configure(EntityTypeBuilder<CompanyRequest> e)
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
    }
}

internal sealed class CompanyPromptMapping : IEntityTypeConfiguration<CompanyPrompt>
{
    public void Configure(EntityTypeBuilder<CompanyPrompt> e)
    {
        e.ToTable("company_prompts");
        e.HasKey(p => new { p.RequestId, p.PersonId });
        e.HasIndex(p => p.PersonId);
        e.HasOne<CompanyRequest>().WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
