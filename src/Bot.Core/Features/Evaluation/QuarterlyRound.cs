using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Scheduling;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Evaluation;

/// <summary>
/// The quarter's recurring work. It folds a finished quarter and tells the community's coordinators its report is ready,
/// with a link, and asks each partner's coordinators for their reflection on it. It asks the quarterly questions: first whether a person agrees (once; "no" is never asked again), then one
/// question at a time, weeks apart, to people who came this quarter. Through the same gate as the weekly ideas message:
/// not paused, under the weekly nudge budget (these count against it), held to the end of quiet hours.
/// </summary>
public sealed class QuarterlyRound(ConversationEngine engine, GatedOutreach outreach, Nudges nudges,
    QuarterCounter counter, DialogCatalog catalog, IOptions<EvaluationOptions> options, IOptions<DashboardOptions> dashboard, ILogger<QuarterlyRound> log) : IRecurringWork
{
    public const string Purpose = "quarterly";
    public const string AgreeKey = "agree";
    public const string Yes = "yes";
    public const string No = "no";

    public string Id => "evaluation-quarterly";

    public string Name => "Self-evaluation: quarterly questions and reports ready";

    public TimeSpan Every => TimeSpan.FromMinutes(options.Value.LookEveryMinutes);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (await outreach.RunAsync([(db, c, t) => TellReportsReadyAsync(db, now, c, t), (db, c, t) => AskAsync(db, now, c, t)], ct) is [var ready, var asked])
        {
            log.LogInformation("Evaluation: {Reports} report(s) ready told, {Questions} quarterly message(s) queued", ready, asked);
        }
    }

    private async Task<int> TellReportsReadyAsync(MakkerDb db, DateTimeOffset now, List<TurnContext> contexts, CancellationToken ct)
    {
        var told = 0;
        foreach (var (community, quarter) in await counter.FoldAsync(db, now, ct))
        {
            // Only the quarter just finished is news; an older one folded late (a community set up long ago) is not.
            if (counter.ReadyAt(community, quarter.Next) <= now)
            {
                continue;
            }
            var coordinators = await db.People.Where(p => p.Consent == ConsentState.Given && !p.Unreachable
                && db.CommunityMembers.Any(m => m.CommunityId == community.Id && m.PersonId == p.Id && m.IsCoordinator)).OrderBy(p => p.Id).ToListAsync(ct);
            var zone = counter.ZoneOf(community);
            foreach (var person in coordinators)
            {
                var ctx = engine.CreateOutreach(db, person, now, zone);
                ctx.Send(ctx.T(EvaluationTexts.ReportReady, new Dictionary<string, string>
                {
                    ["quarter"] = quarter.Name(ctx.Catalog, ctx.Language),
                    ["community"] = community.Name,
                    ["link"] = dashboard.Value.Link(DashboardUrls.Report(community.Id, quarter.Label)),
                })).NotBefore = nudges.QuietRelease(person, now, zone);
                // The coordinator's partner reflects on the quarter just ended, unless someone of theirs already did.
                if (await (from pc in db.PartnerCoordinators
                           join p in db.Partners on pc.PartnerId equals p.Id
                           where pc.CommunityId == community.Id && pc.PersonId == person.Id
                               && !db.PartnerReflections.Any(r => r.PartnerId == p.Id && r.Quarter == quarter.Start)
                           select p).FirstOrDefaultAsync(ct) is { } partner)
                {
                    Reflections.Ask(ctx, partner, quarter, []).NotBefore = nudges.QuietRelease(person, now, zone);
                }
                contexts.Add(ctx);
                told++;
            }
        }
        return told;
    }

    private async Task<int> AskAsync(MakkerDb db, DateTimeOffset now, List<TurnContext> contexts, CancellationToken ct)
    {
        var questions = catalog.CheckIns[CheckInVariants.Quarterly];
        var spaced = now.AddDays(-options.Value.SpacingDays);
        var done = new HashSet<long>();
        var sent = 0;
        foreach (var community in await db.Communities.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct))
        {
            var zone = counter.ZoneOf(community);
            var quarter = Quarter.Containing(LocalTimes.LocalDate(now, zone));
            var begins = LocalTimes.ToInstant(quarter.Start, TimeOnly.MinValue, zone);
            if (now < begins.AddDays(options.Value.FirstDayInQuarter))
            {
                continue;
            }
            // Those who came this quarter, who have not said no, and had no quarterly message for a while.
            var came = db.People.Where(p => (from r in db.Rsvps
                                              join o in db.Occurrences on r.OccurrenceId equals o.Id
                                              join a in db.Activities on o.ActivityId equals a.Id
                                              where a.CommunityId == community.Id && r.PersonId == p.Id && r.Answer == RsvpAnswer.Coming
                                                  && o.CancelledAt == null && o.StartsAt >= begins && o.StartsAt <= now
                                              select r).Any()
                && !db.EvaluationConsent.Any(c => c.PersonId == p.Id && !c.Agreed)
                && !db.QuarterQuestionsSent.Any(q => q.PersonId == p.Id && q.SentAt > spaced));
            var people = (await nudges.MayNudge(db, came, now).OrderBy(p => p.Id).ToListAsync(ct)).Where(p => !done.Contains(p.Id)).ToList();
            if (people.Count == 0)
            {
                continue;
            }
            var ids = people.Select(p => p.Id).ToList();
            var agreed = (await db.EvaluationConsent.Where(c => ids.Contains(c.PersonId) && c.Agreed).Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
            var asked = (await db.QuarterQuestionsSent.Where(q => ids.Contains(q.PersonId)
                    && (q.QuestionKey == AgreeKey || (q.CommunityId == community.Id && q.Quarter == quarter.Start)))
                .Select(q => new { q.PersonId, q.QuestionKey }).ToListAsync(ct)).Select(q => (q.PersonId, q.QuestionKey)).ToHashSet();
            foreach (var person in people)
            {
                string key;
                if (!agreed.Contains(person.Id))
                {
                    if (asked.Contains((person.Id, AgreeKey)))
                    {
                        continue; // asked once and not answered: that is an answer too
                    }
                    key = AgreeKey;
                }
                else if (questions.FirstOrDefault(q => !asked.Contains((person.Id, q.Id))) is { } next)
                {
                    key = next.Id;
                }
                else
                {
                    continue;
                }
                var ctx = engine.CreateOutreach(db, person, now, zone);
                var args = string.Create(CultureInfo.InvariantCulture, $"{community.Id}|{quarter.Label}|{key}");
                var message = key == AgreeKey
                    ? ctx.SendChoice(ctx.T(EvaluationTexts.AgreeAsk, new Dictionary<string, string> { ["community"] = community.Name }), Purpose, args,
                        [(Yes, ctx.T(EvaluationTexts.ButtonAgree)), (No, ctx.T(EvaluationTexts.ButtonDecline))], out _)
                    : ctx.SendChoice(ctx.T(EvaluationTexts.Ask, new Dictionary<string, string>
                        {
                            ["community"] = community.Name,
                            ["question"] = CheckInQuestions.QuestionText(catalog, CheckInVariants.Quarterly, key, ctx.Language),
                        }), Purpose, args, CheckInQuestions.Choices(ctx, questions.First(q => q.Id == key)), out _);
                message.NotBefore = nudges.QuietRelease(person, now, zone);
                ctx.OfferReadAloud(message);
                db.QuarterQuestionsSent.Add(new QuarterQuestionSent { PersonId = person.Id, CommunityId = community.Id, Quarter = quarter.Start, QuestionKey = key, SentAt = now });
                done.Add(person.Id);
                contexts.Add(ctx);
                sent++;
            }
        }
        return sent;
    }
}

/// <summary>
/// The buttons under the quarterly messages: "Yes, that's fine" / "No, thank you", and the answers to a question
/// (with "Rather not say"). The last answer counts; only the anonymous numbers use it.
/// </summary>
public sealed class QuarterlyButtons(DialogCatalog catalog) : IButtonHandler
{
    public string Purpose => QuarterlyRound.Purpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var parts = (token.Args ?? "").Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var communityId)
            || !Quarter.TryParse(parts[1], out var quarter))
        {
            return;
        }
        var db = ctx.Db;
        var person = ctx.Person!;
        if (parts[2] == QuarterlyRound.AgreeKey)
        {
            var agreed = choice == QuarterlyRound.Yes;
            if (await db.EvaluationConsent.FindAsync([person.Id], ct) is { } row)
            {
                (row.Agreed, row.At) = (agreed, ctx.Now);
            }
            else
            {
                db.EvaluationConsent.Add(new EvaluationConsent { PersonId = person.Id, Agreed = agreed, At = ctx.Now });
            }
            ctx.ButtonAnswer = ctx.T(agreed ? EvaluationTexts.Agreed : EvaluationTexts.Declined);
            ctx.Send(ctx.ButtonAnswer);
            return;
        }
        if (CheckInQuestions.Find(catalog, CheckInVariants.Quarterly, parts[2]) is not { } question || CheckInQuestions.Answer(ctx, question, choice) is null)
        {
            return;
        }
        if (await db.QuarterAnswers.FindAsync([person.Id, communityId, quarter.Start, question.Id], ct) is { } answer)
        {
            (answer.Answer, answer.AnsweredAt) = (choice, ctx.Now);
        }
        else
        {
            db.QuarterAnswers.Add(new QuarterAnswer { PersonId = person.Id, CommunityId = communityId, Quarter = quarter.Start, QuestionKey = question.Id, Answer = choice, AnsweredAt = ctx.Now });
        }
        ctx.ButtonAnswer = ctx.T(EvaluationTexts.Thanks);
        ctx.Send(ctx.ButtonAnswer);
    }
}
