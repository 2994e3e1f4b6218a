using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Storage;

/// <summary>
/// A turn is on the path of every message, so what it reads must not grow with the number of people: each of its
/// queries finds its rows through a key or an index. SQLite's own query plan is asked for every query a turn runs.
/// </summary>
public partial class TurnQueryPlanTests
{
    // Tables with a row per person, message or press: a full scan of any of these gets slower with every person.
    private static readonly HashSet<string> GrowingTables =
        ["people", "dialog_states", "outbox", "button_tokens", "inbound_receipts", "rsvps", "check_ins", "company_requests", "shift_assignments",
         "ideas", "idea_interest", "idea_messages", "helping_hands", "helping_asked", "activity_members", "community_members"];

    [Fact]
    public async Task No_query_of_a_turn_reads_a_whole_table_that_grows_with_the_people()
    {
        var recorder = new SelectRecorder();
        await using var h = await ConversationHarness.StartAsync(extra: s => s.ConfigureDbContext<MakkerDb>(o => o.AddInterceptors(recorder)));
        foreach (var who in Enumerable.Range(0, 20).Select(i => $"person{i}"))
        {
            await h.ConsentAsync(who);
        }

        // Person 3 takes part in the dinner, so an idea and a task have somewhere to go.
        var world = await ParticipationWorld.CreateAsync(h);
        await h.Send("person3", "/start " + ParticipationWorld.InviteCode);
        await using (var db = h.Db())
        {
            db.HelpingTasks.Add(new Makker.Features.HelpingHands.HelpingTask { ActivityId = world.DinnerId, Name = "dække bord", CreatedAt = h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        await world.RunUntilAsync(h.Clock.GetUtcNow().AddMinutes(1));

        recorder.Clear();
        await h.Send("person3", "/help");
        await h.Send("person3", "Hej, hvornår ses vi?");
        // What a person has given or taken (ideas, presses, tasks) is looked up by person, never by reading it all.
        await h.Send("person3", "/mydata");
        await h.Send("person3", "/idea En tur i parken");
        await h.Send("person3", "/help_out");
        await h.Press("person3", "dække bord");
        await h.ConsentAsync("newcomer");
        var turnQueries = recorder.Commands.ToList();
        Assert.NotEmpty(turnQueries);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(h.Folder, "makker.db")}");
        var scans = new List<string>();
        foreach (var (sql, parameters) in turnQueries.GroupBy(q => q.Sql).Select(g => g.First()))
        {
            var tables = Aliases(sql);
            foreach (var detail in await QueryPlans.ExplainAsync(connection, sql, parameters))
            {
                if (ScanOf().Match(detail) is { Success: true } m && tables.TryGetValue(m.Groups[1].Value, out var table) && GrowingTables.Contains(table))
                {
                    scans.Add($"{detail} ({table}) in: {sql}");
                }
            }
        }
        Assert.True(scans.Count == 0, "Full scans in a turn:\n" + string.Join("\n\n", scans));
    }

    /// <summary>Every alias (and table name) in the statement, to the table it stands for.</summary>
    private static Dictionary<string, string> Aliases(string sql)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in TableAndAlias().Matches(sql))
        {
            map[m.Groups[1].Value] = m.Groups[1].Value;
            if (m.Groups[2].Success)
            {
                map[m.Groups[2].Value] = m.Groups[1].Value;
            }
        }
        return map;
    }

    // "SCAN d" or "SCAN people": a pass over every row (or every index entry); "SEARCH" is a look-up and fine.
    [GeneratedRegex(@"^SCAN (\w+)")]
    private static partial Regex ScanOf();

    [GeneratedRegex(@"(?:FROM|JOIN)\s+""(\w+)""(?:\s+AS\s+""(\w+)"")?")]
    private static partial Regex TableAndAlias();
}
