using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Participation;

/// <summary>
/// Hours before the start, each host hears who is coming and who would like a welcome; those still waiting for
/// someone to come along with them hear that the host welcomes them at the door instead.
/// </summary>
public sealed class BriefingStep(Company company, IEnumerable<IBriefingSection> briefingSections) : IOccurrenceStep
{
    public const string StepName = "briefing";

    public string Name => StepName;

    public string Title => "Host briefing";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) =>
        occurrence.StartsAt.AddHours(-Math.Max(0, activity.BriefingHoursBefore));

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence) = (run.Db, run.Place, run.Occurrence);
        if (run.Now >= occurrence.StartsAt)
        {
            return StepOutcome.Done;
        }
        var hosts = await Briefings.HostsAsync(db, place.Activity.Id, ct);
        // Nobody said yes to keep them company: the host welcomes them at the door instead, and they hear so.
        foreach (var request in await db.CompanyRequests.Where(r => r.OccurrenceId == occurrence.Id && r.Status == CompanyStatus.Open).ToListAsync(ct))
        {
            if (await db.People.FindAsync([request.PersonId], ct) is not { } person)
            {
                continue;
            }
            company.HandOverToHost(run.Reach(person), request, hosts.FirstOrDefault());
        }
        await db.SaveChangesAsync(ct);
        foreach (var host in hosts)
        {
            var ctx = run.Reach(host);
            ctx.Send(await Briefings.ComposeAsync(ctx, place, occurrence, briefingSections, ct));
        }
        return StepOutcome.Done;
    }
}
