using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Ideas;

/// <summary>
/// From participant to contributor, in the numbers per activity and month: who came and of them helped with a task,
/// ideas proposed, ideas that became activities, people approved as volunteers. The same &lt;5 rule, the same CSV, and
/// the folded numbers stay when the people are forgotten.
/// </summary>
public class ContributorNumbersTests : RunsOnBothDatabases, IAsyncLifetime
{
    private static readonly string[] Five = ["anna", "bo", "carl", "dora", "eva"];
    private ConversationHarness _h = null!;
    private CheckInWorld _c = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _c = await CheckInWorld.CreateAsync(_h);
        await _c.MakeCoordinatorAsync("jonas");
        await _c.JoinAsync(Five);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Five_helpers_and_five_ideas_show_as_5_and_one_new_activity_and_one_volunteer_as_less_than_5()
    {
        await using (var db = _h.Db())
        {
            foreach (var task in new[] { "dække bord", "bage en kage", "vaske op", "byde velkommen", "hente blomster" })
            {
                db.HelpingTasks.Add(new HelpingTask { ActivityId = _c.World.DinnerId, Name = task, CreatedAt = _h.Clock.GetUtcNow() });
            }
            await db.SaveChangesAsync();
        }
        foreach (var who in Five)
        {
            var offer = await _h.Send(who, "/help_out");
            await _h.Press(who, offer.ButtonLabels[0]);
            await _h.Send(who, "/idea En idé fra " + who);
        }
        // One idea becomes an activity, from /ideas in one step.
        await _h.Press("jonas", _h.T(IdeasTexts.ButtonMakeActivity));
        await _h.Send("jonas", "Søndagstur");
        await _h.Send("jonas", "Parken");
        await _h.PressShownAsync("jonas", "Søndag");
        await _h.PressShownAsync("jonas", "Færdig");
        await _h.Send("jonas", "11:00");
        await _h.Send("jonas", "2:00");
        // Anna becomes a volunteer: she asks, a coordinator approves.
        await _h.Send("anna", "/volunteer");
        await _h.PressShownAsync("anna", "madlavning");
        await _h.PressShownAsync("anna", "Færdig");
        await _h.PressShownAsync("anna", "Hver uge");
        await _h.Press("jonas", _h.T(CoordinationTexts.ButtonApprove));
        await _c.DinnerAsync(0, Five, "good");

        var figures = await _c.FiguresAsync(CheckInWorld.Week(0));
        Assert.Equal((5, 5, 5, 1, 1), (figures.Coming, figures.Helped, figures.IdeasProposed, figures.IdeasBecameActivities, figures.BecameVolunteers));
        var csv = CsvRow.Parse(await _c.CsvAsync("jonas"));
        string[] expected = ["helped,,,5", "ideas_proposed,,,5", "ideas_became_activities,,,<5", "became_volunteer,,,<5"];
        Assert.Equal(expected, csv.Where(r => r.Start == "2026-11" && r.Activity == "Torsdagsmiddag").TakeLast(4).Select(r => $"{r.Figure},{r.Question},{r.Answer},{r.Value}"));
        Assert.Equal(expected, csv.Where(r => r.Start == "2026-W48" && r.Activity == "Torsdagsmiddag").TakeLast(4).Select(r => $"{r.Figure},{r.Question},{r.Answer},{r.Value}"));
        Assert.Contains(_h.T(CheckInTexts.ReportContributors).Replace("{helped}", "5").Replace("{ideas}", "5").Replace("{became}", _h.T(CheckInTexts.Suppressed)).Replace("{volunteers}", _h.T(CheckInTexts.Suppressed)),
            (await _h.Send("jonas", "/report")).Texts.SelectMany(t => t.Split('\n')));

        // Folded once the week is over; then everyone who helped is forgotten, and the numbers stay.
        await _c.World.RunUntilAsync(CheckInWorld.Dinner(2));
        await using (var db = _h.Db())
        {
            await _h.Services.GetRequiredService<EvaluationNumbers>().FoldAsync(db, _h.Clock.GetUtcNow(), CancellationToken.None);
        }
        foreach (var who in Five)
        {
            await _h.Send(who, "/forget");
            await _h.Press(who, Coordination.WizardKit.ButtonOf(_h, Makker.Conversations.DialogIds.Forget, "confirm", "erase"));
        }
        var after = await _c.FiguresAsync(CheckInWorld.Week(0));
        Assert.Equal((5, 5, 5, 1, 1), (after.Coming, after.Helped, after.IdeasProposed, after.IdeasBecameActivities, after.BecameVolunteers));
        // Counted from the rows that are left, the helpers and their unshared ideas are gone; the idea that became an
        // activity stays, without a name.
        var counted = await _c.CountAsync(CheckInWorld.Week(0));
        Assert.Equal((0, 1, 0), (counted.Helped, counted.IdeasProposed, counted.BecameVolunteers));
    }
}

public sealed class ContributorNumbersTestsOnPostgres : ContributorNumbersTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
