using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

/// <summary>
/// After the end: one question, one tap, to each person in the audience, once. Held to the end of the person's
/// quiet hours, like a nudge. Answers are taken until the digest goes to the host.
/// </summary>
public sealed class CheckInStep(
    Nudges nudges,
    IEnumerable<ICheckInAudience> audiences,
    IOptions<CheckInOptions> options) : IOccurrenceStep
{
    public const string Purpose = "checkin";

    public string Name => "check-in";

    public string Title => "Check-in question";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) => AskAt(occurrence, options.Value);

    public static DateTimeOffset AskAt(Occurrence occurrence, CheckInOptions options) => occurrence.EndsAt.AddMinutes(options.MinutesAfterEnd);

    /// <summary>Answers are taken until then; then the digest goes out.</summary>
    public static DateTimeOffset ClosesAt(Occurrence occurrence, CheckInOptions options) => AskAt(occurrence, options).AddHours(options.AnswerHours);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence, now, reach) = (run.Db, run.Place, run.Occurrence, run.Now, run.Reach);
        if (now >= ClosesAt(occurrence, options.Value))
        {
            return StepOutcome.Done; // the bot was down for the whole answer window: a question nobody can answer any more is not sent
        }
        // Someone both on shift and coming gets the volunteer question: one check-in per person per occurrence.
        var people = new Dictionary<long, (Person Person, string Variant)>();
        foreach (var audience in audiences.OrderBy(a => a.Variant == CheckInVariants.Volunteer ? 0 : 1))
        {
            foreach (var person in await audience.PeopleAsync(db, occurrence, now, ct))
            {
                people.TryAdd(person.Id, (person, audience.Variant));
            }
        }
        var asked = (await db.CheckIns.Where(c => c.OccurrenceId == occurrence.Id).Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var question = new Dictionary<string, CheckInQuestionDefinition>();
        foreach (var (person, variant) in people.Values.Where(p => !asked.Contains(p.Person.Id)))
        {
            var ctx = reach(person);
            if (!question.TryGetValue(variant, out var q))
            {
                question[variant] = q = await CheckInQuestions.ForOccurrenceAsync(ctx.Catalog, db, occurrence, variant, ct);
            }
            var checkIn = new CheckIn { OccurrenceId = occurrence.Id, PersonId = person.Id, Variant = variant, QuestionId = q.Id, AskedAt = now };
            db.CheckIns.Add(checkIn);
            await db.SaveChangesAsync(ct);

            var text = ctx.T(CheckInTexts.Ask, new Dictionary<string, string> { ["activity"] = place.Activity.Name, ["question"] = q.Ask.For(ctx.Language) });
            var message = ctx.SendChoice(text, Purpose, checkIn.Id.ToString(CultureInfo.InvariantCulture), CheckInQuestions.Choices(ctx, q), out _);
            message.NotBefore = nudges.QuietRelease(person, now, place.Zone);
            ctx.OfferReadAloud(message);
        }
        return StepOutcome.Done;
    }
}

/// <summary>When the answer window closes, each host gets the counts per answer: never a name, never a count under 5.</summary>
public sealed class CheckInDigestStep(Nudges nudges, IOptions<CheckInOptions> options) : IOccurrenceStep
{
    public const string StepName = "check-in-digest";

    public string Name => StepName;

    public string Title => "Check-in digest";

    public DateTimeOffset? DueAt(Activity activity, Occurrence occurrence, TimeZoneInfo zone) => CheckInStep.ClosesAt(occurrence, options.Value);

    public async Task<StepOutcome> RunAsync(StepRun run, CancellationToken ct)
    {
        var (db, place, occurrence, now, reach) = (run.Db, run.Place, run.Occurrence, run.Now, run.Reach);
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.OccurrenceId == occurrence.Id).ToListAsync(ct);
        if (checkIns.Count == 0)
        {
            return StepOutcome.Done;
        }
        foreach (var host in await Briefings.HostsAsync(db, place.Activity.Id, ct))
        {
            var ctx = reach(host);
            var message = ctx.Send(Compose(ctx, place, occurrence, checkIns));
            message.NotBefore = nudges.QuietRelease(host, now, place.Zone);
        }
        return StepOutcome.Done;
    }

    private static string Compose(TurnContext ctx, ActivityPlace place, Occurrence occurrence, List<CheckIn> checkIns)
    {
        var date = ctx.FormatDate(occurrence.StartsAt);
        var parts = new List<string>();
        foreach (var group in checkIns.GroupBy(c => (c.Variant, c.QuestionId)).OrderBy(g => g.Key.Variant == CheckInVariants.Participant ? 0 : 1))
        {
            var answered = group.Where(c => c.AnswerId is not null).ToList();
            var values = new Dictionary<string, string>
            {
                ["activity"] = place.Activity.Name,
                ["date"] = date,
                ["question"] = CheckInQuestions.QuestionText(ctx.Catalog, group.Key.Variant, group.Key.QuestionId, ctx.Language),
            };
            if (answered.Count < CheckInOptions.SmallestShownGroup)
            {
                parts.Add(ctx.T(CheckInTexts.DigestFew, values));
                continue;
            }
            var lines = new List<string> { ctx.T(CheckInTexts.DigestTitle, values) };
            var question = CheckInQuestions.Find(ctx.Catalog, group.Key.Variant, group.Key.QuestionId);
            var shown = question?.Answers.Where(a => a.Route != CheckInRoute.Numbers).ToList() ?? [];
            foreach (var answer in shown)
            {
                lines.Add(ctx.T(CheckInTexts.DigestLine, new Dictionary<string, string>
                {
                    ["answer"] = answer.Label.For(ctx.Language),
                    ["count"] = Figures.Shown(ctx, answered.Count(c => c.AnswerId == answer.Id)),
                }));
            }
            var others = answered.Count(c => shown.All(a => a.Id != c.AnswerId));
            if (others > 0)
            {
                lines.Add(ctx.T(CheckInTexts.DigestOther, new Dictionary<string, string> { ["count"] = Figures.Shown(ctx, others) }));
            }
            lines.Add(ctx.T(CheckInTexts.DigestAnswered, new Dictionary<string, string>
            {
                ["answered"] = Figures.Shown(ctx, answered.Count),
                ["asked"] = Figures.Shown(ctx, group.Count()),
            }));
            parts.Add(string.Join("\n", lines));
        }
        return string.Join("\n\n", parts);
    }
}
