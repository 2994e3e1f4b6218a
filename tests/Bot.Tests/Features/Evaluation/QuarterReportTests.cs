using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Evaluation;
using Makker.Testing;
using Makker.Testing.Evaluation;
using Makker.Tests.Features.Coordination;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Evaluation;

/// <summary>
/// The quarterly report against <see cref="TwoQuarters"/>, counted by hand. Occurrences (17:30 Copenhagen):
/// Q4 2026: O1 1 Oct, O2 15 Oct, O3 5 Nov, (19 Nov cancelled: p11 said "coming", which does not count), O4 3 Dec.
/// Q1 2027: O5 7 Jan, O6 4 Feb, O7 4 Mar, O8 18 Mar.
///
/// Q4 — coming: O1 p1-p6, O2 p1 p2 p3 p7, O3 p1 p2 p3 p4 p8, O4 p1 p2 p5 p9 p10.
///   held 4; people p1-p10 = 10; first-timers 10 (nobody came before), so the rest is 0 and first-timers is hidden ("..");
///   three times or more: p1 (4), p2 (4), p3 (3) = 3 → "&lt;5".
///   "Not today": O2 p4 p5 p6, O3 p9, O4 p6 p3 → 5 people. Came later: p4 (O3), p5 (O4), p9 (O4) = 3; p6 and p3 did not
///   → "&lt;5", the share too. Helpers: p1 = 1. Ideas proposed 2, realised 0. Shift places 2, taken 2.
///   feel_welcome: yes p1-p3 → 3 answered, all "&lt;5".
/// Q1 — coming: O5 p1 p2 p3 p4 p11 p12, O6 p1 p2 p3 p11 p13 p14, O7 p1 p2 p11 p12 p15 p5, O8 p1 p3 p13 p6 p12.
///   held 4; people p1-p6, p11-p15 = 11; first-timers p11-p15 = 5 (p1-p6 came in Q4; p11 only to the cancelled one),
///   the rest 6, so "5" shows. Three or more: p1 (4), p2, p3, p11, p12 (3 each) = 5, the rest 6 → "5".
///   "Not today": O5 p5-p10 p13 p14 p15, O6 p12, O7 p4 → 11. Came later: p5 (O7), p6 (O8), p13 (O6), p14 (O6), p15 (O7),
///   p12 (O7) = 6; the rest 5 → "6", 6/11 = 54.5 % → "55 %". Helpers: O5 p1 p2 p3, O6 p11, O7 p12 = 5, the rest 6 → "5".
///   Volunteer approved: p2 → "&lt;5". Ideas: 6 proposed, 1 realised → "&lt;5". Shifts: 2+2+3+2 = 9 places, 2+1+3+0 = 6
///   taken → 67 %.
///   feel_welcome: yes 6, partly 2, no 0, skip 1 → 9 answered: 6, &lt;5, &lt;5, &lt;5.
///   got_to_know: yes 5, a_little 5, no 1, skip 0 → 11: 5, 5, &lt;5, &lt;5.
///   contribute: yes 5, partly 6, no 2, skip 5 → 18: "no" alone is small, so the smallest other (yes, 5) is hidden too:
///   .., 6, &lt;5, 5 (otherwise 18 − 6 − 5 − 5 = 2 would give "no" away).
/// </summary>
public class QuarterReportTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private Community _community = null!;
    private Dictionary<string, long> _people = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _h.Clock.SetUtcNow(TwoQuarters.After);
        await using var db = _h.Db();
        _community = new Community { Name = "Fællesskabet", CreatedAt = TwoQuarters.At(2026, 9, 1) };
        db.Communities.Add(_community);
        await db.SaveChangesAsync();
        _people = await TwoQuarters.SeedAsync(db, _community.Id, ConversationHarness.Channel);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static readonly string[] Q4Lines =
    [
        "participation/held=4", "participation/people=10", "participation/first_timers=..", "participation/three_or_more=<5",
        "flexibility/said_not_today=5", "flexibility/came_again=<5", "flexibility/came_again_share=<5",
        "contribution/helpers=<5", "contribution/became_volunteers=<5", "contribution/ideas_proposed=<5", "contribution/ideas_realised=<5",
        "contribution/shift_places=2", "contribution/shift_places_taken=<5", "contribution/shift_coverage=<5",
        "answers/answered:feel_welcome=<5", "answers/answer:feel_welcome:yes=<5", "answers/answer:feel_welcome:partly=<5", "answers/answer:feel_welcome:no=<5", "answers/answer:feel_welcome:skip=<5",
        "answers/answered:got_to_know=<5", "answers/answer:got_to_know:yes=<5", "answers/answer:got_to_know:a_little=<5", "answers/answer:got_to_know:no=<5", "answers/answer:got_to_know:skip=<5",
        "answers/answered:contribute=<5", "answers/answer:contribute:yes=<5", "answers/answer:contribute:partly=<5", "answers/answer:contribute:no=<5", "answers/answer:contribute:skip=<5",
    ];

    private static readonly string[] Q1Lines =
    [
        "participation/held=4", "participation/people=11", "participation/first_timers=5", "participation/three_or_more=5",
        "flexibility/said_not_today=11", "flexibility/came_again=6", "flexibility/came_again_share=55 %",
        "contribution/helpers=5", "contribution/became_volunteers=<5", "contribution/ideas_proposed=6", "contribution/ideas_realised=<5",
        "contribution/shift_places=9", "contribution/shift_places_taken=6", "contribution/shift_coverage=67 %",
        "answers/answered:feel_welcome=9", "answers/answer:feel_welcome:yes=6", "answers/answer:feel_welcome:partly=<5", "answers/answer:feel_welcome:no=<5", "answers/answer:feel_welcome:skip=<5",
        "answers/answered:got_to_know=11", "answers/answer:got_to_know:yes=5", "answers/answer:got_to_know:a_little=5", "answers/answer:got_to_know:no=<5", "answers/answer:got_to_know:skip=<5",
        "answers/answered:contribute=18", "answers/answer:contribute:yes=..", "answers/answer:contribute:partly=6", "answers/answer:contribute:no=<5", "answers/answer:contribute:skip=5",
    ];

    private static IEnumerable<string> Describe(IEnumerable<ReportLine> lines) =>
        lines.Select(l => $"{l.Section}/{l.Figure}{(l.Question is null ? "" : ":" + l.Question)}{(l.Answer is null ? "" : ":" + l.Answer)}={l.Value}");

    private async Task<QuarterReport> ReportAsync(Quarter quarter)
    {
        await using var db = _h.Db();
        return await _h.Services.GetRequiredService<QuarterReports>()
            .ReportAsync(db, _community, quarter, _h.Services.GetRequiredService<DialogCatalog>(), _h.Clock.GetUtcNow(), CancellationToken.None);
    }

    [SkippableFact]
    public async Task Two_quarters_count_as_worked_out_by_hand_with_every_small_or_derivable_figure_hidden()
    {
        await using (var db = _h.Db())
        {
            var counter = _h.Services.GetRequiredService<QuarterCounter>();
            var q4 = await counter.CountAsync(db, _community, TwoQuarters.Q4, _h.Clock.GetUtcNow(), CancellationToken.None);
            Assert.Equal((4, 10, 10, 3, 5, 3, 1, 0, 2, 0, 2, 2),
                (q4.Held, q4.People, q4.FirstTimers, q4.ThreeOrMore, q4.SaidNotToday, q4.CameAgainAfterNotToday, q4.Helpers, q4.BecameVolunteers, q4.IdeasProposed, q4.IdeasRealised, q4.ShiftPlaces, q4.ShiftPlacesTaken));
            var q1 = await counter.CountAsync(db, _community, TwoQuarters.Q1, _h.Clock.GetUtcNow(), CancellationToken.None);
            Assert.Equal((4, 11, 5, 5, 11, 6, 5, 1, 6, 1, 9, 6),
                (q1.Held, q1.People, q1.FirstTimers, q1.ThreeOrMore, q1.SaidNotToday, q1.CameAgainAfterNotToday, q1.Helpers, q1.BecameVolunteers, q1.IdeasProposed, q1.IdeasRealised, q1.ShiftPlaces, q1.ShiftPlacesTaken));
        }

        var report = await ReportAsync(TwoQuarters.Q1);
        Assert.False(report.Folded);
        Assert.True(report.Finished);
        Assert.Equal(Q1Lines, Describe(report.Lines));
        Assert.Equal(Q4Lines, Describe(report.LastQuarter));
        Assert.Equal(Q4Lines, Describe((await ReportAsync(TwoQuarters.Q4)).Lines));

        // The partners' reflections side by side: Foreningen gave none last quarter.
        Assert.Equal(["Foreningen", "Kommunen"], report.Partners.Select(p => p.Partner.Name));
        Assert.Equal([5, 4, 4, 3, 2], report.Partners[0].This!.All);
        Assert.Null(report.Partners[0].Last);
        Assert.Equal([4, 4, 3, 4, 2], report.Partners[1].This!.All);
        Assert.Equal("Vi mødes nu hver måned.", report.Partners[1].This!.Note);
        Assert.Equal([3, 3, 2, 2, 1], report.Partners[1].Last!.All);
    }

    [SkippableFact]
    public async Task A_participant_who_is_forgotten_leaves_only_the_folded_counts()
    {
        await using (var db = _h.Db())
        {
            var folded = await _h.Services.GetRequiredService<QuarterCounter>().FoldAsync(db, _h.Clock.GetUtcNow(), CancellationToken.None);
            Assert.Equal([TwoQuarters.Q4, TwoQuarters.Q1], folded.Select(f => f.Quarter));
            // Folding twice folds nothing more.
            Assert.Empty(await _h.Services.GetRequiredService<QuarterCounter>().FoldAsync(db, _h.Clock.GetUtcNow(), CancellationToken.None));
        }

        // p1 came to everything, helped and answered every question.
        await _h.Send("p1", "/forget");
        await _h.Press("p1", WizardKit.ButtonOf(_h, Makker.Conversations.DialogIds.Forget, "confirm", "erase"));
        await using (var db = _h.Db())
        {
            // The goodbye is the one row that still knows the address, until it is delivered.
            var goodbye = await db.Outbox.SingleAsync(o => o.Address == "p1");
            await Makker.Conversations.OutboxDelivery.MarkDeliveredAsync(db, [goodbye.Id], _h.Clock.GetUtcNow());
        }
        Assert.Equal(0, _h.CountRowsMentioning(_people["p1"], "p1"));

        var report = await ReportAsync(TwoQuarters.Q1);
        Assert.True(report.Folded);
        Assert.Equal(Q1Lines, Describe(report.Lines));
        Assert.Equal(Q4Lines, Describe(report.LastQuarter));
        await using (var db = _h.Db())
        {
            // Counted from the rows now, p1 is gone: the folded figures are all that is left of them.
            var now = await _h.Services.GetRequiredService<QuarterCounter>().CountAsync(db, _community, TwoQuarters.Q1, _h.Clock.GetUtcNow(), CancellationToken.None);
            Assert.Equal((10, 4, 17), (now.People, now.Helpers, now.Answers.Single(a => a.QuestionKey == "contribute").Answered));
        }
    }
}

public sealed class QuarterReportTestsOnPostgres : QuarterReportTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
