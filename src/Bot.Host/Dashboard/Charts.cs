using System.Globalization;
using System.Text;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Makker.Storage;

namespace Makker.Host.Dashboard;

/// <summary>Charts drawn as SVG on the server from the folded numbers; a bar under 5 people is shown as "&lt;5", never its size.</summary>
public static class Charts
{
    private const int Weeks = 12;

    public static Task<string> ComingPerWeekAsync(MakkerDb db, EvaluationNumbers numbers, ActivityPlace place, DateTimeOffset now, CancellationToken ct) =>
        PerWeekAsync(db, numbers, place, now, "kom pr. uge", "coming", f => f.Coming, ct);

    public static Task<string> AnsweredPerWeekAsync(MakkerDb db, EvaluationNumbers numbers, ActivityPlace place, DateTimeOffset now, CancellationToken ct) =>
        PerWeekAsync(db, numbers, place, now, "svarede på check-in pr. uge", "answered", f => f.Questions.Sum(q => q.Answered), ct);

    private static async Task<string> PerWeekAsync(MakkerDb db, EvaluationNumbers numbers, ActivityPlace place, DateTimeOffset now, string caption, string kind,
        Func<PeriodFigures, int> figure, CancellationToken ct)
    {
        var current = Period.Containing(PeriodKind.Week, LocalTimes.LocalDate(now, place.Zone));
        var weeks = Enumerable.Range(0, Weeks).Select(i => new Period(PeriodKind.Week, current.Start.AddDays(-7 * (Weeks - 1 - i)))).ToList();
        var values = new List<int>();
        foreach (var week in weeks)
        {
            values.Add(figure(await numbers.FiguresAsync(db, place, week, now, ct)));
        }
        const int barWidth = 40, gap = 10, height = 160, top = 20;
        var max = Math.Max(values.Where(v => v >= CheckInOptions.SmallestShownGroup).DefaultIfEmpty(CheckInOptions.SmallestShownGroup).Max(), CheckInOptions.SmallestShownGroup);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{Html.E(place.Activity.Name)}: {caption}</figcaption>");
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" data-chart=\"{kind}\" role=\"img\" aria-label=\"{Html.E(place.Activity.Name)}: {caption}\" viewBox=\"0 0 {Weeks * (barWidth + gap)} {height + top + 20}\" width=\"{Weeks * (barWidth + gap)}\">");
        for (var i = 0; i < weeks.Count; i++)
        {
            var x = i * (barWidth + gap);
            var shown = Figures.Shown(values[i]);
            var barHeight = values[i] < CheckInOptions.SmallestShownGroup ? 0 : (int)Math.Round(height * (double)values[i] / max);
            svg.Append(CultureInfo.InvariantCulture, $"<g data-week=\"{weeks[i].Label}\" data-value=\"{Html.E(shown)}\">");
            if (barHeight > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{top + height - barHeight}\" width=\"{barWidth}\" height=\"{barHeight}\" fill=\"#3b7\"></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barWidth / 2}\" y=\"{top + height - barHeight - 4}\" text-anchor=\"middle\" font-size=\"12\">{Html.E(shown)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barWidth / 2}\" y=\"{top + height + 16}\" text-anchor=\"middle\" font-size=\"10\">{weeks[i].Label[^3..]}</text></g>");
        }
        return svg.Append("</svg></figure>").ToString();
    }
}
