using Makker.Features.Participation;
using Makker.Features.Volunteering;

namespace Makker.Host.Channels.WebChat;

public sealed record DemoStepResult(string Step, string Activity, DateTimeOffset StartsAt, int Messages);

/// <summary>
/// Development only: makes the next scheduled step (a nudge round, a host briefing, a check-in) happen now, so someone
/// trying the local web chat sees the whole loop in two minutes instead of waiting for Wednesday 17:00.
/// </summary>
public static class DemoControls
{
    public static IEndpointRouteBuilder MapDemoControls(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webchat/demo/next-step", async (OccurrencePlanner planner, OccurrenceSteps steps, ActivityDirectory directory,
            ShiftRounds rounds, Microsoft.EntityFrameworkCore.IDbContextFactory<Makker.Storage.MakkerDb> dbs, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            await planner.PlanAsync(now, ct);
            // The shift rounds run every few minutes in the host; in the demo they also run on the button, so a
            // demo volunteer who just said hello is asked about a shift at once.
            await rounds.RunAsync(now, ct);
            var next = (await planner.PendingStepsAsync(now, ct)).FirstOrDefault();
            if (next is null)
            {
                return Results.NotFound(new WebChatError("Nothing is planned. Give an activity a weekly day and time first."));
            }
            var messages = await steps.RunAsync(next.OccurrenceId, next.Phase, now, ct, early: true) ?? 0;
            await using var db = await dbs.CreateDbContextAsync(ct);
            var occurrence = await db.Occurrences.FindAsync([next.OccurrenceId], ct);
            var place = await directory.FindAsync(db, occurrence!.ActivityId, ct);
            return Results.Ok(new DemoStepResult(next.Phase.ToString(), place!.Activity.Name, occurrence.StartsAt, messages));
        });
        return app;
    }
}
