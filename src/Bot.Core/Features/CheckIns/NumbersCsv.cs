using System.Globalization;
using System.Text;
using Makker.Features.Participation;
using Makker.Storage;

namespace Makker.Features.CheckIns;

/// <summary>The numbers as a CSV file, for /report csv and the dashboard.</summary>
public static class NumbersCsv
{
    /// <summary>One row per figure ("long" format), easy to pivot in a spreadsheet; every count of people under 5 is "&lt;5".</summary>
    public static async Task<string> BuildAsync(MakkerDb db, EvaluationNumbers numbers, IEnumerable<ActivityPlace> places, DateTimeOffset now, CancellationToken ct)
    {
        // The byte-order mark tells Excel the file is UTF-8, so æ, ø and å in activity names read right.
        var csv = new StringBuilder("\uFEFFactivity,period,start,figure,question,answer,value\n");
        foreach (var place in places)
        {
            foreach (var kind in new[] { PeriodKind.Week, PeriodKind.Month })
            {
                foreach (var period in await EvaluationNumbers.PeriodsAsync(db, place, kind, now, ct))
                {
                    var f = await numbers.FiguresAsync(db, place, period, now, ct);
                    void Row(string figure, string value, string question = "", string answer = "") =>
                        AppendRow(csv, place.Activity.Name, period.Name, period.Label, figure, question, answer, value);
                    Row("held", f.Held.ToString(CultureInfo.InvariantCulture));
                    Row("coming", Figures.Shown(f.Coming));
                    Row("first_time", Figures.Shown(f.FirstTime));
                    Row("returning", Figures.Shown(f.Returning));
                    foreach (var q in f.Questions)
                    {
                        var question = $"{q.Variant}:{q.QuestionId}";
                        Row("asked", Figures.Shown(q.Asked), question);
                        Row("answered", Figures.Shown(q.Answered), question);
                        foreach (var (answer, people) in q.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
                        {
                            Row("answer", Figures.Shown(people), question, answer);
                        }
                    }
                    // From participant to contributor.
                    Row("helped", Figures.Shown(f.Helped));
                    Row("ideas_proposed", Figures.Shown(f.IdeasProposed));
                    Row("ideas_became_activities", Figures.Shown(f.IdeasBecameActivities));
                    Row("became_volunteer", Figures.Shown(f.BecameVolunteers));
                }
            }
        }
        return csv.ToString();
    }

    /// <summary>One row of cells, each through <see cref="Cell"/>, for this file and the quarterly report's.</summary>
    public static void AppendRow(StringBuilder csv, params ReadOnlySpan<string> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            csv.Append(i == 0 ? "" : ",").Append(Cell(cells[i]));
        }
        csv.Append('\n');
    }

    /// <summary>Quotes a cell when it needs it, and keeps a spreadsheet from reading a name as a formula.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
