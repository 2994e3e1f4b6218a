using Makker.Storage;
using Microsoft.Extensions.Options;

namespace Makker.Features.Participation;

/// <summary>
/// A nudge round: everyone who may be asked about this occurrence now and has not answered. A round whose time passed
/// while the bot was down goes out late only while there is time to come.
/// </summary>
public abstract class NudgeStep(Nudges nudges, IOptions<ParticipationOptions> options) : IOccurrenceStep
{
    protected abstract NudgeRound Round { get; }

    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (occurrence, now) = (run.Occurrence, run.Now);
        if (now >= occurrence.StartsAt || TooLate(run.DueAt, occurrence, now))
        {
            return StepOutcome.Done;
        }
        foreach (var person in await nudges.RecipientsAsync(run.Db, occurrence, Round, now, ct))
        {
            // The context joins the run's messages only when a nudge went into it.
            var ctx = run.Reach(person);
            nudges.TryQueueToRecipient(ctx, run.Place, occurrence, Round, now);
        }
        return StepOutcome.Done;
    }

    private bool TooLate(DateTimeOffset due, Occurrence occurrence, DateTimeOffset now) =>
        now - due > TimeSpan.FromMinutes(1)
        && occurrence.StartsAt - now <= TimeSpan.FromMinutes(options.Value.LateNudgeMinimumLeadMinutes);
}

/// <summary>The first nudge: a number of days before, at a local time of day (17:00 the day before by default).</summary>
public sealed class FirstNudgeStep(Nudges nudges, IOptions<ParticipationOptions> options) : NudgeStep(nudges, options)
{
    public const string StepName = "first-nudge";

    protected override NudgeRound Round => NudgeRound.First;

    public override string Name => StepName;

    public override string Title => "First reminder";

    public override DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) => At(activity, occurrence, zone);

    public static DateTimeOffset At(Activity activity, Occurrence occurrence, TimeZoneInfo zone) =>
        LocalTimes.ToInstant(LocalTimes.LocalDate(occurrence.StartsAt, zone).AddDays(-activity.FirstNudgeDaysBefore), activity.FirstNudgeAt, zone);
}

/// <summary>The second nudge, hours before, to those who have not answered; an activity can switch it off.</summary>
public sealed class SecondNudgeStep(Nudges nudges, IOptions<ParticipationOptions> options) : NudgeStep(nudges, options)
{
    public override string Name => "second-nudge";

    public override string Title => "Second reminder";

    protected override NudgeRound Round => NudgeRound.Second;

    public override DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) =>
        activity.SecondNudgeHoursBefore > 0 ? occurrence.StartsAt.AddHours(-activity.SecondNudgeHoursBefore) : null;
}
