using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.CheckIns;

/// <summary>
/// The coordinators' numbers: the "&lt;5" rule in /report and its CSV, first-timers and returning people,
/// folding finished periods, retention of answers, /forget, and who may see the numbers.
/// </summary>
public class NumbersTests : RunsOnBothDatabases, IAsyncLifetime
{
    private const string Coordinator = "kirsten";

    private static readonly string[] Five = ["anna", "bo", "carl", "dora", "eva"];

    private ConversationHarness _h = null!;
    private CheckInWorld _c = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _c = await CheckInWorld.CreateAsync(_h);
        await _c.MakeCoordinatorAsync(Coordinator);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private static Dictionary<string, string?> Answers(params (string Who, string? Answer)[] answers) =>
        answers.ToDictionary(a => a.Who, a => a.Answer);

    /// <summary>The CSV rows of one period, without the columns that are the same on each.</summary>
    private static List<string> RowsOf(List<CsvRow> rows, string start) =>
        rows.Where(r => r.Start == start).Select(r => $"{r.Figure},{r.Question},{r.Answer},{r.Value}").ToList();

    /// <summary>Every figure but "held" counts people: each shows as "&lt;5" or as a whole number of at least 5.</summary>
    private static void AssertNoSmallCounts(List<CsvRow> rows)
    {
        foreach (var row in rows.Where(r => r.Figure != "held"))
        {
            Assert.True(row.Value == Figures.SuppressedMark
                || (int.TryParse(row.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 5),
                $"{row} shows a count of people under 5.");
        }
    }

    // ---- 1. The "<5" rule ----

    [SkippableFact]
    public async Task Four_people_coming_and_answering_show_as_less_than_5_in_the_report_and_never_as_4()
    {
        var four = Five[..4];
        await _c.JoinAsync(four);
        await _c.DinnerAsync(0, four, "good");

        var report = await _h.Send(Coordinator, "/report");

        var summary = report.Texts[0];
        var lines = summary.Split('\n');
        Assert.Equal("Tal for Torsdagsmiddag", lines[0]);
        // Held is about occurrences, not people: it shows as the number.
        Assert.Contains("Uge 48: afholdt 1, <5 kom, <5 første gang, <5 kom igen", lines);
        Assert.Contains("Uge 47: ikke afholdt", lines); // a week without a dinner says so instead of "<5"
        Assert.Contains("November 2026: afholdt 1, <5 kom, <5 første gang, <5 kom igen", lines);
        Assert.Contains("Hvordan var det i dag? Godt <5 (<5 af <5 svarede)", lines);
        // No count of these four people leaks anywhere, in any line (week numbers such as 48 are not counts).
        Assert.DoesNotMatch(new Regex(@"(?<!\d)4(?!\d)"), summary);
        Assert.Equal(T(CheckInTexts.ReportFootnote), report.Last);

        // The raw count really is four: the suppression is in the showing, not in the counting.
        Assert.Equal("held 1, coming 4, first 4, returning 0; participant:today asked 4, answered 4 [good 4]",
            CheckInWorld.Describe(await _c.FiguresAsync(CheckInWorld.Week(0))));
    }

    [SkippableFact]
    public async Task Four_people_show_as_less_than_5_in_the_csv()
    {
        var four = Five[..4];
        await _c.JoinAsync(four);
        await _c.DinnerAsync(0, four, "good");

        var rows = CsvRow.Parse(await _c.CsvAsync(Coordinator));

        string[] expected =
        [
            "held,,,1",
            "coming,,,<5",
            "first_time,,,<5",
            "returning,,,<5",
            "asked,participant:today,,<5",
            "answered,participant:today,,<5",
            "answer,participant:today,good,<5",
            "helped,,,<5", "ideas_proposed,,,<5", "ideas_became_activities,,,<5", "became_volunteer,,,<5",
        ];
        Assert.Equal(expected, RowsOf(rows, "2026-W48"));
        Assert.Equal(expected, RowsOf(rows, "2026-11"));
        Assert.All(rows, r => Assert.Equal("Torsdagsmiddag", r.Activity));
        Assert.DoesNotContain(rows, r => r.Value == "4");
        AssertNoSmallCounts(rows);
    }

    [SkippableFact]
    public async Task Five_people_coming_and_answering_show_as_5_in_the_report_and_the_csv()
    {
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Five, "good");

        var lines = (await _h.Send(Coordinator, "/report")).Texts[0].Split('\n');
        var rows = CsvRow.Parse(await _c.CsvAsync(Coordinator));

        Assert.Contains("Uge 48: afholdt 1, 5 kom, 5 første gang, <5 kom igen", lines);
        Assert.Contains("November 2026: afholdt 1, 5 kom, 5 første gang, <5 kom igen", lines);
        Assert.Contains("Hvordan var det i dag? Godt 5 (5 af 5 svarede)", lines);
        string[] expected =
        [
            "held,,,1",
            "coming,,,5",
            "first_time,,,5",
            "returning,,,<5",
            "asked,participant:today,,5",
            "answered,participant:today,,5",
            "answer,participant:today,good,5",
            "helped,,,<5", "ideas_proposed,,,<5", "ideas_became_activities,,,<5", "became_volunteer,,,<5",
        ];
        Assert.Equal(expected, RowsOf(rows, "2026-W48"));
        Assert.Equal(expected, RowsOf(rows, "2026-11"));
        AssertNoSmallCounts(rows);
    }

    [SkippableFact]
    public async Task Five_coming_but_four_giving_one_answer_shows_that_answer_as_less_than_5()
    {
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Answers(("anna", "good"), ("bo", "good"), ("carl", "good"), ("dora", "good"), ("eva", CheckInVariants.RatherNotSay)));

        var lines = (await _h.Send(Coordinator, "/report")).Texts[0].Split('\n');
        var rows = CsvRow.Parse(await _c.CsvAsync(Coordinator));

        Assert.Contains("Hvordan var det i dag? Godt <5, Vil helst ikke sige <5 (5 af 5 svarede)", lines);
        Assert.Equal(
            ["held,,,1", "coming,,,5", "first_time,,,5", "returning,,,<5",
             "asked,participant:today,,5", "answered,participant:today,,5",
             "answer,participant:today,good,<5", $"answer,participant:today,{CheckInVariants.RatherNotSay},<5",
             "helped,,,<5", "ideas_proposed,,,<5", "ideas_became_activities,,,<5", "became_volunteer,,,<5"],
            RowsOf(rows, "2026-W48"));
    }

    // ---- 2. First-timers and returning people ----

    [SkippableFact]
    public async Task First_timers_and_returning_people_are_counted_per_week_and_month_as_distinct_people()
    {
        await _c.JoinAsync(Five);
        // Week 48: Anna, Bo and Carl come (Carl does not answer); Dora says not today.
        await _c.DinnerAsync(0, Answers(("anna", "good"), ("bo", "okay"), ("carl", null)), notToday: ["dora"]);
        // Week 49: Anna again; Dora for the first time (her "not today" did not make her come).
        await _c.DinnerAsync(1, Answers(("anna", "yes"), ("dora", "mostly")));
        // Week 50: Bo back after a week away, Dora again, Eva for the first time.
        await _c.DinnerAsync(2, Answers(("bo", "yes"), ("dora", "a_little"), ("eva", CheckInVariants.RatherNotSay)));

        Assert.Equal("held 1, coming 3, first 3, returning 0; participant:today asked 3, answered 2 [good 1, okay 1]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Week(0))));
        Assert.Equal("held 1, coming 2, first 1, returning 1; participant:welcome asked 2, answered 2 [mostly 1, yes 1]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Week(1))));
        Assert.Equal("held 1, coming 3, first 1, returning 2; participant:someone_new asked 3, answered 3 [a_little 1, skip 1, yes 1]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Week(2))));
        Assert.Equal("held 1, coming 3, first 3, returning 0; participant:today asked 3, answered 2 [good 1, okay 1]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Month(2026, 11))));
        // December: Dora came twice and counts once; Anna and Bo came in November, so they return; Dora and Eva are new.
        Assert.Equal("held 2, coming 4, first 2, returning 2; "
            + "participant:someone_new asked 3, answered 3 [a_little 1, skip 1, yes 1]; "
            + "participant:welcome asked 2, answered 2 [mostly 1, yes 1]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Month(2026, 12))));
    }

    [SkippableFact]
    public async Task First_timers_and_returning_people_of_five_or_more_show_in_the_csv()
    {
        string[] newcomers = ["finn", "gerda", "hans", "ida", "jens"];
        await _c.JoinAsync([.. Five, .. newcomers]);
        await _c.DinnerAsync(0, Five, "good");
        await _c.DinnerAsync(1, [.. Five, .. newcomers], "yes");

        var rows = CsvRow.Parse(await _c.CsvAsync(Coordinator));

        Assert.Equal(["held,,,1", "coming,,,10", "first_time,,,5", "returning,,,5"], RowsOf(rows, "2026-W49").Take(4));
        Assert.Equal(["held,,,1", "coming,,,10", "first_time,,,5", "returning,,,5"], RowsOf(rows, "2026-12").Take(4));
        Assert.Equal(["held,,,1", "coming,,,5", "first_time,,,5", "returning,,,<5"], RowsOf(rows, "2026-W48").Take(4));
        AssertNoSmallCounts(rows);
    }

    // ---- 3. Retention ----

    [SkippableFact]
    public async Task Retention_deletes_old_answers_buttons_and_delivered_messages_and_the_numbers_stay_the_same()
    {
        await _c.World.MakeHostAsync("hanne");
        string[] six = [.. Five, "finn"];
        await _c.JoinAsync(six);
        // Finn would like to talk to someone: the host gets a "checkin_talk" button, Finn a question about contact.
        await _c.DinnerAsync(0, Answers(("anna", "good"), ("bo", "good"), ("carl", "good"), ("dora", "good"), ("eva", "good"), ("finn", "talk")));
        var inPerson = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.CheckInContact).Steps["ask"].Buttons.Single(b => b.Id == "in_person");
        await _h.Press("finn", inPerson.Label.For(Languages.Danish));
        await _c.DinnerAsync(1, Five, "yes");
        await _c.DinnerAsync(2, six, "yes");
        // The last dinner's check-in goes out after the cutoff below, so its answers must stay.
        await _c.DinnerAsync(3, Five, "yes");

        // Retention counts 180 days back from now: the cutoff falls a minute after the third check-in went out,
        // so a job that kept answers even a little longer would leave those.
        var cutoff = CheckInWorld.CheckInAt(2).AddMinutes(1);
        var now = cutoff.AddDays(180);
        await _c.World.RunUntilAsync(now);
        await using (var db = _h.Db())
        {
            await OutboxDelivery.MarkDeliveredAsync(db, await db.Outbox.Select(o => o.Id).ToListAsync(), now);
        }

        var before = await SnapshotAsync(cutoff);
        // Something of each kind is old enough to go, and something is too young, or the checks below prove nothing.
        Assert.Equal(6 + 5 + 6, before.OldCheckIns);
        Assert.Equal(5, before.NewCheckIns);
        Assert.Equal(17, before.OldTokens[CheckInStep.Purpose]);
        Assert.Equal(1, before.OldTokens[TalkToSomeone.Purpose]);
        Assert.Equal(5, before.NewTokens);
        Assert.True(before.OldDelivered > 0 && before.NewDelivered > 0);
        Assert.Equal("held 1, coming 6, first 6, returning 0; participant:today asked 6, answered 6 [good 5, talk 1]", before.Figures["week 2026-11-23"]);
        Assert.Equal(["held,,,1", "coming,,,6", "first_time,,,6", "returning,,,<5",
            "asked,participant:today,,6", "answered,participant:today,,6",
            "answer,participant:today,good,5", "answer,participant:today,talk,<5",
            "helped,,,<5", "ideas_proposed,,,<5", "ideas_became_activities,,,<5", "became_volunteer,,,<5"], RowsOf(CsvRow.Parse(before.Csv), "2026-W48"));
        Assert.Equal(["held,,,1", "coming,,,5", "first_time,,,<5", "returning,,,5"], RowsOf(CsvRow.Parse(before.Csv), "2026-W49").Take(4));

        var result = await _c.RetentionAsync();

        var after = await SnapshotAsync(cutoff);
        Assert.Equal(17, result.AnswersDeleted);
        Assert.Equal(0, after.OldCheckIns);
        Assert.Equal(5, after.NewCheckIns);
        Assert.Equal(0, after.OldTokens[CheckInStep.Purpose]);
        Assert.Equal(0, after.OldTokens[TalkToSomeone.Purpose]);
        Assert.Equal(5, after.NewTokens);
        Assert.Equal(0, after.OldDelivered);
        Assert.Equal(before.NewDelivered, after.NewDelivered);
        Assert.Equal(before.OldDelivered, result.MessagesDeleted);
        // Every week and month reads as it did from the answers, now from the folded numbers.
        Assert.Equal(before.Figures, after.Figures);
        Assert.Equal(before.Csv, after.Csv);

        var again = await _c.RetentionAsync();

        Assert.Equal(new RetentionResult(0, 0, 0), again);
        var third = await SnapshotAsync(cutoff);
        Assert.Equal(after.Figures, third.Figures);
        Assert.Equal(after.Csv, third.Csv);
        Assert.Equal(after.NewCheckIns, third.NewCheckIns);
        Assert.Equal(after.NewDelivered, third.NewDelivered);
        Assert.Equal(after.FoldedRows, third.FoldedRows);
    }

    private sealed record Snapshot(
        int OldCheckIns,
        int NewCheckIns,
        Dictionary<string, int> OldTokens,
        int NewTokens,
        int OldDelivered,
        int NewDelivered,
        int FoldedRows,
        Dictionary<string, string> Figures,
        string Csv);

    /// <summary>What the real database file holds on either side of the cutoff, and every period's figures and the CSV as a coordinator gets them.</summary>
    private async Task<Snapshot> SnapshotAsync(DateTimeOffset cutoff)
    {
        var now = _h.Clock.GetUtcNow();
        var place = await _c.PlaceAsync();
        var figures = new Dictionary<string, string>();
        await using var db = _h.Db();
        foreach (var kind in new[] { PeriodKind.Week, PeriodKind.Month })
        {
            foreach (var period in await EvaluationNumbers.PeriodsAsync(db, place, kind, now, CancellationToken.None))
            {
                figures[$"{period.Name} {period.Start:yyyy-MM-dd}"] = CheckInWorld.Describe(await _c.FiguresAsync(period));
            }
        }
        string[] purposes = [CheckInStep.Purpose, TalkToSomeone.Purpose];
        return new Snapshot(
            await db.CheckIns.CountAsync(c => c.AskedAt < cutoff),
            await db.CheckIns.CountAsync(c => c.AskedAt >= cutoff),
            purposes.ToDictionary(p => p, p => db.ButtonTokens.Count(t => t.Purpose == p && t.CreatedAt < cutoff)),
            await db.ButtonTokens.CountAsync(t => purposes.Contains(t.Purpose) && t.CreatedAt >= cutoff),
            await db.Outbox.CountAsync(o => o.Status != OutboxStatus.Pending && o.CreatedAt < cutoff),
            await db.Outbox.CountAsync(o => o.Status != OutboxStatus.Pending && o.CreatedAt >= cutoff),
            await db.EvaluationFigures.CountAsync(),
            figures,
            await _c.CsvAsync(Coordinator));
    }

    // ---- 4. /forget ----

    [SkippableFact]
    public async Task Forget_removes_the_persons_answers_and_a_folded_week_keeps_its_numbers()
    {
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Five, "good");
        // Past the folding of week 48 and of November.
        await _c.World.RunUntilAsync(CheckInWorld.Local(new DateOnly(2026, 12, 5), 12));
        var folded = await _c.RetentionAsync();
        Assert.Equal(2, folded.PeriodsFolded);
        const string numbers = "held 1, coming 5, first 5, returning 0; participant:today asked 5, answered 5 [good 5]";
        Assert.Equal(numbers, CheckInWorld.Describe(await _c.FiguresAsync(CheckInWorld.Week(0))));
        var reportBefore = (await _h.Send(Coordinator, "/report")).Texts[0];
        Assert.Contains("Uge 48: afholdt 1, 5 kom, 5 første gang, <5 kom igen", reportBefore.Split('\n'));
        var anna = await _h.PersonAsync("anna");
        await using (var db = _h.Db())
        {
            Assert.Equal(1, await db.CheckIns.CountAsync(c => c.PersonId == anna.Id && c.AnswerId == "good"));
        }

        await _h.Send("anna", "/forget");
        var erase = _h.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Forget).Steps["confirm"].Buttons.Single(b => b.Id == "erase");
        await _h.Press("anna", erase.Label.For(Languages.Danish));

        await using (var db = _h.Db())
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == anna.Id));
            Assert.Equal(0, await db.CheckIns.CountAsync(c => c.PersonId == anna.Id));
            Assert.Equal(4, await db.CheckIns.CountAsync());
        }
        // The rows no longer hold Anna's answer or her "I'm coming"...
        Assert.Equal("held 1, coming 4, first 4, returning 0; participant:today asked 4, answered 4 [good 4]",
            CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Week(0))));
        // ...but the folded week and month are the numbers as they were.
        Assert.Equal(numbers, CheckInWorld.Describe(await _c.FiguresAsync(CheckInWorld.Week(0))));
        Assert.Equal(numbers, CheckInWorld.Describe(await _c.FiguresAsync(CheckInWorld.Month(2026, 11))));
        Assert.Equal(reportBefore, (await _h.Send(Coordinator, "/report")).Texts[0]);
    }

    // ---- 5. Only coordinators ----

    [SkippableFact]
    public async Task Participants_and_hosts_get_a_friendly_no_and_no_numbers()
    {
        await _c.World.MakeHostAsync("hanne");
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Five, "good");

        foreach (var who in new[] { "anna", "hanne" })
        {
            foreach (var command in new[] { "/report", "/report csv" })
            {
                var replies = await _h.Send(who, command);

                Assert.Equal([T(CheckInTexts.ReportNotCoordinator)], replies.Texts);
                Assert.All(replies.Messages, m => Assert.Null(m.DocumentName));
            }
        }
    }

    [SkippableFact]
    public async Task A_coordinator_sees_only_the_activities_of_their_own_community()
    {
        long gardenId;
        await using (var db = _h.Db())
        {
            var garden = new Community { Name = "Haveforeningen", CreatedAt = _h.Clock.GetUtcNow() };
            db.Communities.Add(garden);
            await db.SaveChangesAsync();
            var day = new Activity
            {
                CommunityId = garden.Id,
                Name = "Havedag",
                Days = WeekDays.Saturday,
                StartsAt = new TimeOnly(10, 0),
                DurationMinutes = 180,
                InviteCode = "have-inv1",
                CreatedAt = _h.Clock.GetUtcNow(),
            };
            db.Activities.Add(day);
            await db.SaveChangesAsync();
            gardenId = garden.Id;
        }
        await _c.MakeCoordinatorAsync("olga", gardenId);
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Five, "good");
        // Both activities have been held: the dinner on Thursday, the garden day on Saturday.
        await _c.World.RunUntilAsync(CheckInWorld.Local(new DateOnly(2026, 11, 28), 18));

        var olgas = await _h.Send("olga", "/report");
        var olgasRows = CsvRow.Parse(await _c.CsvAsync("olga"));
        var kirstens = await _h.Send(Coordinator, "/report");
        var kirstensRows = CsvRow.Parse(await _c.CsvAsync(Coordinator));

        Assert.Equal(2, olgas.Texts.Count);
        Assert.StartsWith("Tal for Havedag\n", olgas.Texts[0], StringComparison.Ordinal);
        Assert.Contains("Uge 48: afholdt 1, <5 kom, <5 første gang, <5 kom igen", olgas.Texts[0].Split('\n'));
        Assert.DoesNotContain(olgas.Texts, t => t.Contains("Torsdagsmiddag", StringComparison.Ordinal));
        Assert.NotEmpty(olgasRows);
        Assert.All(olgasRows, r => Assert.Equal("Havedag", r.Activity));

        Assert.Equal(2, kirstens.Texts.Count);
        Assert.StartsWith("Tal for Torsdagsmiddag\n", kirstens.Texts[0], StringComparison.Ordinal);
        Assert.DoesNotContain(kirstens.Texts, t => t.Contains("Havedag", StringComparison.Ordinal));
        Assert.All(kirstensRows, r => Assert.Equal("Torsdagsmiddag", r.Activity));
        Assert.Contains(kirstensRows, r => r.Start == "2026-W48" && r.Figure == "coming" && r.Value == "5");
    }

    // ---- 6. Folding ----

    [SkippableFact]
    public async Task A_week_is_folded_only_FoldAfterDays_after_it_ends_with_the_numbers_counted_then()
    {
        await _c.JoinAsync(Five);
        await _c.DinnerAsync(0, Five, "good");
        // Anna changes her answer on Saturday evening, just before the answers close: the fold has the last answer.
        await _c.World.RunUntilAsync(CheckInWorld.CheckInAt(0).AddHours(47));
        await _c.AnswerAsync("anna", "okay");

        // Week 48 ends at midnight into Monday 30 November; it is folded four days later.
        var weekFolds = CheckInWorld.Local(new DateOnly(2026, 12, 4), 0);
        await _c.World.RunUntilAsync(weekFolds.AddMinutes(-1));
        var early = await _c.RetentionAsync();

        Assert.Equal(0, early.PeriodsFolded);
        await using (var db = _h.Db())
        {
            Assert.False(await db.EvaluationFigures.AnyAsync());
        }

        await _c.World.RunUntilAsync(weekFolds);
        var due = await _c.RetentionAsync();

        Assert.Equal(1, due.PeriodsFolded);
        var week = await FoldedAsync("week", CheckInWorld.Week(0).Start);
        Assert.Equal(weekFolds, week.FoldedAt);
        var live = CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Week(0)));
        Assert.Equal("held 1, coming 5, first 5, returning 0; participant:today asked 5, answered 5 [good 4, okay 1]", live);
        Assert.Equal(live, CheckInWorld.Describe(Read(week)));
        // November ends a day after week 48, so it folds a day later.
        await using (var db = _h.Db())
        {
            Assert.False(await db.EvaluationFigures.AnyAsync(f => f.Period == "month"));
        }

        var monthFolds = CheckInWorld.Local(new DateOnly(2026, 12, 5), 0);
        await _c.World.RunUntilAsync(monthFolds.AddMinutes(-1));
        Assert.Equal(0, (await _c.RetentionAsync()).PeriodsFolded);
        await _c.World.RunUntilAsync(monthFolds);
        Assert.Equal(1, (await _c.RetentionAsync()).PeriodsFolded);

        var month = await FoldedAsync("month", new DateOnly(2026, 11, 1));
        Assert.Equal(CheckInWorld.Describe(await _c.CountAsync(CheckInWorld.Month(2026, 11))), CheckInWorld.Describe(Read(month)));
        Assert.Equal(live, CheckInWorld.Describe(Read(month)));
        // The week is not folded a second time.
        await using (var db = _h.Db())
        {
            Assert.Equal(1, await db.EvaluationFigures.CountAsync(f => f.Period == "week"));
        }
    }

    [SkippableFact]
    public async Task The_week_in_which_summer_time_begins_folds_four_days_after_its_local_midnight()
    {
        await _c.JoinAsync(Five);
        // Dinner 17 is Thursday 25 March 2027; clocks go forward on Sunday the 28th, so the week ends at 00:00
        // summer time, 22:00 UTC, an hour earlier in UTC than it began.
        await _c.DinnerAsync(17, Five, "yes");
        var folds = CheckInWorld.Local(new DateOnly(2027, 4, 2), 0);
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 22, 0, 0, TimeSpan.Zero), folds);

        await _c.World.RunUntilAsync(folds.AddMinutes(-1));
        await _c.RetentionAsync();
        await using (var db = _h.Db())
        {
            Assert.False(await db.EvaluationFigures.AnyAsync(f => f.Period == "week" && f.Start == new DateOnly(2027, 3, 22)));
        }
        await _c.World.RunUntilAsync(folds);
        await _c.RetentionAsync();

        var week = await FoldedAsync("week", new DateOnly(2027, 3, 22));
        Assert.Equal(CheckInWorld.Week(17).Start, week.Start);
        Assert.Equal("held 1, coming 5, first 5, returning 0; participant:welcome asked 5, answered 5 [yes 5]", CheckInWorld.Describe(Read(week)));
    }

    private async Task<EvaluationFigures> FoldedAsync(string period, DateOnly start)
    {
        await using var db = _h.Db();
        return await db.EvaluationFigures.SingleAsync(f => f.ActivityId == _c.World.DinnerId && f.Period == period && f.Start == start);
    }

    private static PeriodFigures Read(EvaluationFigures row) =>
        JsonSerializer.Deserialize<PeriodFigures>(row.FiguresJson, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}

public sealed class NumbersTestsOnPostgres : NumbersTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
