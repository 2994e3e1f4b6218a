using System.Security.Cryptography;
using System.Text;
using Makker.Features.CheckIns;
using Makker.Features.Demo;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Channels.WebChat;

/// <param name="StepKey">The step's name ("first-nudge"), so the page can say it in its own language.</param>
public sealed record DemoStepResult(string Step, string Activity, DateTimeOffset StartsAt, int Messages, string StepKey);

/// <summary>
/// Development only: makes the next step a participant or host sees (a nudge round, a host briefing, a check-in) happen
/// now, so someone trying the local web chat sees the whole loop in two minutes instead of waiting for Wednesday 17:00.
/// The steps due before it (the coverage alerts, the shift reminders) run on the way, and the shift prompts run on
/// every press, so a demo volunteer who just said hello is asked about a shift at once. It is a POST that carries the
/// page's token (<see cref="TokenHeader"/>, which another site cannot read), and it touches the demo community only.
/// </summary>
public static class DemoControls
{
    public const string TokenHeader = "X-Makker-Demo";

    private static readonly string[] Story = [FirstNudgeStep.StepName, "second-nudge", BriefingStep.StepName, "check-in", CheckInDigestStep.StepName];

    /// <summary>The page's token: new at every start, handed out with the page's settings (/api/webchat/demo).</summary>
    public static string PageToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static IEndpointRouteBuilder MapDemoControls(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webchat/demo/next-step", async (HttpContext http, OccurrencePlanner planner, OccurrenceStepRunner runner, ActivityDirectory directory,
            IDbContextFactory<MakkerDb> dbs, TimeProvider clock, CancellationToken ct) =>
        {
            var sent = Encoding.UTF8.GetBytes(http.Request.Headers[TokenHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes(PageToken)))
            {
                return Results.Json(new WebChatError("Reload the page: the button works from the web chat page only."), statusCode: StatusCodes.Status403Forbidden);
            }
            var now = clock.GetUtcNow();
            await planner.PlanAsync(now, ct);
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DemoSeeder.CommunityIdAsync(db, ct) is not { } demo)
            {
                return Results.NotFound(new WebChatError("There is no demo community here."));
            }
            var demoOccurrences = await db.Occurrences.Where(o => db.Activities.Any(a => a.Id == o.ActivityId && a.CommunityId == demo))
                .Select(o => o.Id).ToListAsync(ct);
            var pending = (await planner.PendingStepsAsync(now, DateTimeOffset.MaxValue, ct)).Where(s => demoOccurrences.Contains(s.OccurrenceId)).ToList();
            // The second nudge and the briefing share their time: the story's order decides which comes first.
            var next = pending.Where(s => Story.Contains(s.Step)).OrderBy(s => s.DueAt).ThenBy(s => Array.IndexOf(Story, s.Step)).FirstOrDefault();
            if (next is null)
            {
                return Results.NotFound(new WebChatError("Nothing is planned. Give an activity a weekly day and time first."));
            }
            foreach (var step in pending.Where(s => !Story.Contains(s.Step) && (s.DueAt <= next.DueAt || runner.Find(s.Step)?.Repeats == true)))
            {
                await runner.RunAsync(step.OccurrenceId, step.Step, now, ct, early: true);
            }
            var messages = (await runner.RunAsync(next.OccurrenceId, next.Step, now, ct, early: true))?.Messages ?? 0;
            var occurrence = await db.Occurrences.FindAsync([next.OccurrenceId], ct);
            var place = await directory.FindAsync(db, occurrence!.ActivityId, ct);
            return Results.Ok(new DemoStepResult(runner.Find(next.Step)?.Title ?? next.Step, place!.Activity.Name, occurrence.StartsAt, messages, next.Step));
        });
        return app;
    }
}
