using System.Globalization;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Evaluation;

/// <summary>One figure of the report as it may be shown: its section, its name, for answers the question and answer, and its value.</summary>
public sealed record ReportLine(string Section, string Figure, string Value, string? Question = null, string? Answer = null);

/// <summary>A partner and its reflection this quarter and last (null where none was given).</summary>
public sealed record PartnerReflections(Partner Partner, ReflectionScores? This, ReflectionScores? Last);

/// <summary>
/// A community's report for one quarter, with every figure already under the &lt;5 rule (the page and the file never
/// see a raw count of people), the same figures of the quarter before, and the partners' reflections side by side.
/// </summary>
public sealed record QuarterReport(Quarter Quarter, bool Folded, bool Finished, IReadOnlyList<ReportLine> Lines, IReadOnlyList<ReportLine> LastQuarter,
    IReadOnlyList<PartnerReflections> Partners)
{
    public string? Value(string figure, IReadOnlyList<ReportLine>? lines = null) => (lines ?? Lines).FirstOrDefault(l => l.Figure == figure)?.Value;
}

public sealed class QuarterReports(QuarterCounter counter)
{
    public static class Sections
    {
        public const string Participation = "participation";
        public const string Flexibility = "flexibility";
        public const string Contribution = "contribution";
        public const string Answers = "answers";
    }

    /// <summary>The quarters a report can be asked for: from the first activity's creation up to the one running now, newest first.</summary>
    public async Task<List<Quarter>> QuartersAsync(MakkerDb db, Community community, DateTimeOffset now, CancellationToken ct)
    {
        var first = await db.Activities.Where(a => a.CommunityId == community.Id).OrderBy(a => a.CreatedAt)
            .Select(a => (DateTimeOffset?)a.CreatedAt).FirstOrDefaultAsync(ct);
        var zone = counter.ZoneOf(community);
        var current = Quarter.Containing(Participation.LocalTimes.LocalDate(now, zone));
        var quarters = new List<Quarter>();
        for (var q = current; first is not null && q.End > Participation.LocalTimes.LocalDate(first.Value, zone) && quarters.Count < 40; q = q.Previous)
        {
            quarters.Add(q);
        }
        return quarters;
    }

    public async Task<QuarterReport> ReportAsync(MakkerDb db, Community community, Quarter quarter, DialogCatalog catalog, DateTimeOffset now, CancellationToken ct)
    {
        var (figures, folded) = await counter.FiguresAsync(db, community, quarter, now, ct);
        var (last, _) = await counter.FiguresAsync(db, community, quarter.Previous, now, ct);
        var partners = await Partners.OfAsync(db, community.Id, ct);
        var partnerIds = partners.Select(p => p.Id).ToList();
        var reflections = await db.PartnerReflections.AsNoTracking()
            .Where(r => partnerIds.Contains(r.PartnerId) && (r.Quarter == quarter.Start || r.Quarter == quarter.Previous.Start)).ToListAsync(ct);
        return new QuarterReport(quarter, folded, counter.ReadyAt(community, quarter) <= now, Lines(figures, catalog), Lines(last, catalog),
            [.. partners.Select(p => new PartnerReflections(p,
                reflections.FirstOrDefault(r => r.PartnerId == p.Id && r.Quarter == quarter.Start) is { } t ? ReflectionScores.From(t) : null,
                reflections.FirstOrDefault(r => r.PartnerId == p.Id && r.Quarter == quarter.Previous.Start) is { } l ? ReflectionScores.From(l) : null))]);
    }

    /// <summary>
    /// The figures under the &lt;5 rule. Parts of a total are hidden when they or the rest are small (first-timers and
    /// those who came before; three times or more and fewer; came again and did not; helpers and the others); each
    /// question's answers are hidden together so no small cell can be worked out from the total.
    /// </summary>
    public static List<ReportLine> Lines(QuarterFigures f, DialogCatalog catalog)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<ReportLine>
        {
            new(Sections.Participation, "held", f.Held.ToString(inv)),
            new(Sections.Participation, "people", Figures.Shown(f.People)),
            new(Sections.Participation, "first_timers", FigureGroups.PartOf(f.People, f.FirstTimers)),
            new(Sections.Participation, "three_or_more", FigureGroups.PartOf(f.People, f.ThreeOrMore)),
            new(Sections.Flexibility, "said_not_today", Figures.Shown(f.SaidNotToday)),
        };
        var cameAgain = FigureGroups.PartOf(f.SaidNotToday, f.CameAgainAfterNotToday);
        lines.Add(new(Sections.Flexibility, "came_again", cameAgain));
        lines.Add(new(Sections.Flexibility, "came_again_share", int.TryParse(cameAgain, NumberStyles.None, inv, out var again)
            ? Percent(again, f.SaidNotToday) : cameAgain));
        lines.Add(new(Sections.Contribution, "helpers", FigureGroups.PartOf(f.People, f.Helpers)));
        lines.Add(new(Sections.Contribution, "became_volunteers", Figures.Shown(f.BecameVolunteers)));
        lines.Add(new(Sections.Contribution, "ideas_proposed", Figures.Shown(f.IdeasProposed)));
        lines.Add(new(Sections.Contribution, "ideas_realised", Figures.Shown(f.IdeasRealised)));
        // Places are not people, but a place taken is someone's shift: the taken ones follow the rule.
        lines.Add(new(Sections.Contribution, "shift_places", f.ShiftPlaces.ToString(inv)));
        var taken = Figures.Shown(f.ShiftPlacesTaken);
        lines.Add(new(Sections.Contribution, "shift_places_taken", taken));
        lines.Add(new(Sections.Contribution, "shift_coverage", taken != Figures.SuppressedMark && f.ShiftPlaces > 0 ? Percent(f.ShiftPlacesTaken, f.ShiftPlaces) : taken));
        if (catalog.CheckIns.TryGetValue(CheckInVariants.Quarterly, out var questions))
        {
            foreach (var q in questions)
            {
                var given = f.Answers.FirstOrDefault(a => a.QuestionKey == q.Id);
                var ids = q.Answers.Select(a => a.Id).Append(CheckInVariants.RatherNotSay).ToList();
                var counts = ids.Select(id => given?.Answers.GetValueOrDefault(id) ?? 0).ToList();
                var answered = given?.Answered ?? 0;
                lines.Add(new(Sections.Answers, "answered", Figures.Shown(answered), q.Id));
                var shown = FigureGroups.Parts(answered, counts);
                lines.AddRange(ids.Select((id, i) => new ReportLine(Sections.Answers, "answer", shown[i], q.Id, id)));
            }
        }
        return lines;
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "0 %" : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero):0} %");
}
