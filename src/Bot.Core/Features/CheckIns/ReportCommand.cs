using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.CheckIns;

/// <summary>
/// /report: the coordinator's numbers for the activities of their communities, as a short summary in the chat
/// (the last four weeks, this month and the last) or, with /report csv, every week and month as a CSV file.
/// </summary>
public sealed class ReportCommand(ActivityDirectory directory, EvaluationNumbers numbers) : IChatCommand
{
    private const int WeeksShown = 4;

    public string Name => "report";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 80;
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        var db = ctx.Db;
        var me = ctx.Person!;
        var communities = db.CommunityMembers.Where(m => m.PersonId == me.Id && m.IsCoordinator).Select(m => m.CommunityId);
        if (!await communities.AnyAsync(ct))
        {
            ctx.Send(ctx.T(CheckInTexts.ReportNotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        var places = new List<ActivityPlace>();
        foreach (var id in await db.Activities.Where(a => communities.Contains(a.CommunityId)).OrderBy(a => a.Name).Select(a => a.Id).ToListAsync(ct))
        {
            if (await directory.FindAsync(db, id, ct) is { } place)
            {
                places.Add(place);
            }
        }
        if (places.Count == 0)
        {
            ctx.Send(ctx.T(CheckInTexts.ReportNone));
        }
        else if (args.Trim().Equals("csv", StringComparison.OrdinalIgnoreCase))
        {
            var csv = await NumbersCsv.BuildAsync(ctx.Db, numbers, places, ctx.Now, ct);
            var date = LocalTimes.LocalDate(ctx.Now, places[0].Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            ctx.SendDocument(ctx.T(CheckInTexts.ReportCsvCaption), $"makker-numbers-{date}.csv", csv);
        }
        else
        {
            foreach (var place in places)
            {
                ctx.Send(await SummaryAsync(ctx, place, ct));
            }
            ctx.Send(ctx.T(CheckInTexts.ReportFootnote));
        }
        ctx.RepromptCurrent();
    }

    private async Task<string> SummaryAsync(TurnContext ctx, ActivityPlace place, CancellationToken ct)
    {
        var lines = new List<string> { ctx.T(CheckInTexts.ReportTitle, new Dictionary<string, string> { ["activity"] = place.Activity.Name }) };
        var today = LocalTimes.LocalDate(ctx.Now, place.Zone);
        var week = Period.Containing(PeriodKind.Week, today);
        var weeks = Enumerable.Range(0, WeeksShown).Select(i => new Period(PeriodKind.Week, week.Start.AddDays(-7 * i))).Reverse();
        foreach (var period in weeks)
        {
            var figures = await numbers.FiguresAsync(ctx.Db, place, period, ctx.Now, ct);
            var name = ctx.T(CheckInTexts.ReportWeek, new Dictionary<string, string>
            {
                ["week"] = ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue)).ToString(ctx.Culture),
            });
            lines.Add(FiguresLine(ctx, name, figures));
        }
        var month = Period.Containing(PeriodKind.Month, today);
        foreach (var period in new[] { month.Previous, month })
        {
            var figures = await numbers.FiguresAsync(ctx.Db, place, period, ctx.Now, ct);
            var name = period.Start.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", ctx.Culture);
            lines.Add("");
            lines.Add(FiguresLine(ctx, char.ToUpper(name[0], ctx.Culture) + name[1..], figures));
            if (figures.Helped + figures.IdeasProposed + figures.IdeasBecameActivities + figures.BecameVolunteers > 0)
            {
                lines.Add(ctx.T(CheckInTexts.ReportContributors, new Dictionary<string, string>
                {
                    ["helped"] = Figures.Shown(ctx, figures.Helped),
                    ["ideas"] = Figures.Shown(ctx, figures.IdeasProposed),
                    ["became"] = Figures.Shown(ctx, figures.IdeasBecameActivities),
                    ["volunteers"] = Figures.Shown(ctx, figures.BecameVolunteers),
                }));
            }
            foreach (var q in figures.Questions)
            {
                var answers = q.Answers.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal)
                    .Select(a => ctx.T(CheckInTexts.ReportAnswer, new Dictionary<string, string>
                    {
                        ["answer"] = CheckInQuestions.AnswerLabel(ctx.Catalog, q.Variant, q.QuestionId, a.Key, ctx.Language),
                        ["count"] = Figures.Shown(ctx, a.Value),
                    }));
                lines.Add(ctx.T(CheckInTexts.ReportAnswers, new Dictionary<string, string>
                {
                    ["question"] = CheckInQuestions.QuestionText(ctx.Catalog, q.Variant, q.QuestionId, ctx.Language),
                    ["answers"] = string.Join(", ", answers),
                    ["answered"] = Figures.Shown(ctx, q.Answered),
                    ["asked"] = Figures.Shown(ctx, q.Asked),
                }));
            }
        }
        return string.Join("\n", lines);
    }

    private static string FiguresLine(TurnContext ctx, string period, PeriodFigures figures) => figures.Held == 0
        ? ctx.T(CheckInTexts.ReportNotHeld, new Dictionary<string, string> { ["period"] = period })
        : ctx.T(CheckInTexts.ReportFigures, new Dictionary<string, string>
        {
            ["period"] = period,
            ["held"] = figures.Held.ToString(ctx.Culture),
            ["coming"] = Figures.Shown(ctx, figures.Coming),
            ["first"] = Figures.Shown(ctx, figures.FirstTime),
            ["returning"] = Figures.Shown(ctx, figures.Returning),
        });


}
