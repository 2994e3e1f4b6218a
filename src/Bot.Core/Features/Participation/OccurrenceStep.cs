using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Makker.Features.Participation;

/// <summary>
/// One scheduled step of one occurrence (a nudge round, the briefing, the check-in, the shift prompts): when it is
/// due and when it ran. These rows, not the scheduler, say what is still to do, so the scheduler's own state can be
/// lost (an in-memory store after a restart) and rebuilt from them.
/// </summary>
public sealed class OccurrenceStep
{
    public long OccurrenceId { get; set; }

    /// <summary>The step's <see cref="IOccurrenceStep.Name"/>.</summary>
    public required string Step { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }
}

internal sealed class OccurrenceStepMapping : IEntityTypeConfiguration<OccurrenceStep>
{
    public void Configure(EntityTypeBuilder<OccurrenceStep> e)
    {
        e.ToTable("occurrence_steps");
        e.HasKey(s => new { s.OccurrenceId, s.Step });
        e.Property(s => s.Step).HasMaxLength(32);
        // "What is due and not done" is the question asked most: by the scheduler's sweep every minute.
        e.HasIndex(s => new { s.DoneAt, s.DueAt });
        e.HasOne<Occurrence>().WithMany().HasForeignKey(s => s.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class OccurrenceStepRows
{
    /// <summary>Whether the step has run for this occurrence (a step not planned for it has not).</summary>
    public static Task<bool> StepDoneAsync(this MakkerDb db, long occurrenceId, string step, CancellationToken ct) =>
        db.OccurrenceSteps.AnyAsync(s => s.OccurrenceId == occurrenceId && s.Step == step && s.DoneAt != null, ct);
}

/// <summary>
/// A scheduled step of every occurrence. Each feature registers its own (<c>services.AddSingleton&lt;IOccurrenceStep, …&gt;</c>
/// in its <c>AddX</c>); the planner gives each occurrence a row per step, and <see cref="OccurrenceStepRunner"/> runs
/// it at its time in one transaction with the "done" mark, so running it a second time finds it done and does nothing.
/// </summary>
public interface IOccurrenceStep
{
    /// <summary>The key in <c>occurrence_steps.Step</c>: short, stable, never reused for something else.</summary>
    string Name { get; }

    /// <summary>What an operator reads in the scheduler's dashboard ("First reminder"); never a person's name.</summary>
    string Title { get; }

    /// <summary>A step that runs again and again until it says it is done (the shift prompts' waves).</summary>
    bool Repeats => false;

    /// <summary>When the step is due for this occurrence, or null when it does not apply to it.</summary>
    DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone);

    /// <summary>
    /// Queues its messages on contexts from <see cref="StepRun.Reach"/> (one per person); they are saved with the done
    /// mark. The engine comes this way rather than by injection: the planner needs the steps' times, and the engine
    /// (through the dialogs' actions) needs the planner.
    /// </summary>
    Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct);
}

/// <summary>One run of one step: its transaction, the occurrence, when it was due and the time now.</summary>
public sealed record StepRun(MakkerDb Db, ActivityPlace Place, Occurrence Occurrence, DateTimeOffset DueAt, DateTimeOffset Now, Func<Person, TurnContext> Reach);

/// <summary>Done, or to run again at a later time (a repeating step).</summary>
public sealed record StepOutcome(DateTimeOffset? RunAgainAt)
{
    public static StepOutcome Done { get; } = new((DateTimeOffset?)null);

    public static StepOutcome Again(DateTimeOffset at) => new(at);
}
