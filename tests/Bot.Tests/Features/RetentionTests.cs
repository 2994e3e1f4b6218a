using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Features.Privacy;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features;

/// <summary>Nothing about a person is kept longer than the one window (180 days); incoming update ids 48 hours.</summary>
public class RetentionTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Each table that names a person, and the column that says how old a row is.</summary>
    private static readonly Dictionary<string, Func<MakkerDb, DateTimeOffset, Task<int>>> Aged = new()
    {
        ["rsvps"] = (db, cut) => db.Rsvps.CountAsync(r => r.AnsweredAt < cut),
        ["nudges_sent"] = (db, cut) => db.NudgesSent.CountAsync(n => n.SentAt < cut),
        ["company_requests"] = (db, cut) => db.CompanyRequests.CountAsync(r => r.CreatedAt < cut),
        ["company_prompts"] = (db, cut) => db.CompanyPrompts.CountAsync(p => p.AskedAt < cut),
        ["shift_prompts"] = (db, cut) => db.ShiftPrompts.CountAsync(p => p.AskedAt < cut),
        ["shift_assignments"] = (db, cut) => db.ShiftAssignments.CountAsync(a => a.AcceptedAt < cut),
        ["check_ins"] = (db, cut) => db.CheckIns.CountAsync(c => c.AskedAt < cut),
        ["button_tokens"] = (db, cut) => db.ButtonTokens.CountAsync(t => t.CreatedAt < cut),
        ["broadcasts"] = (db, cut) => db.Broadcasts.CountAsync(b => b.CreatedAt < cut),
        ["dashboard_logins"] = (db, cut) => db.DashboardLogins.CountAsync(l => l.CreatedAt < cut),
        ["audit_log"] = (db, cut) => db.AuditLog.CountAsync(a => a.At < cut && (a.PersonId != null || a.Detail != null)),
        ["outbox"] = (db, cut) => db.Outbox.CountAsync(o => o.CreatedAt < cut),
        ["outbox_mentions"] = (db, cut) => db.OutboxMentions.CountAsync(m => db.Outbox.Any(o => o.Id == m.MessageId && o.CreatedAt < cut)),
        ["dialog_states"] = (db, cut) => db.DialogStates.CountAsync(s => s.UpdatedAt < cut),
        ["role_requests"] = (db, cut) => db.RoleRequests.CountAsync(r => r.RequestedAt < cut),
        ["ideas"] = (db, cut) => db.Ideas.CountAsync(i => i.ProposedAt < cut),
        ["idea_interest"] = (db, cut) => db.IdeaInterest.CountAsync(i => i.At < cut),
        ["idea_messages"] = (db, cut) => db.IdeaMessages.CountAsync(m => m.SentAt < cut),
        ["helping_hands"] = (db, cut) => db.HelpingHands.CountAsync(h => h.TakenAt < cut),
        ["quarter_answers"] = (db, cut) => db.QuarterAnswers.CountAsync(a => a.AnsweredAt < cut),
        ["quarter_questions_sent"] = (db, cut) => db.QuarterQuestionsSent.CountAsync(q => q.SentAt < cut),
    };

    /// <summary>What a person is now (their memberships, their choices), not a record of what happened: kept while they are.</summary>
    private static readonly string[] CurrentState =
        ["people", "community_members", "activity_members", "volunteers", "person_capabilities", "helping_asked", "partner_coordinators", "evaluation_consent"];

    [SkippableFact]
    public async Task After_the_window_no_row_about_a_person_is_older_than_it_in_any_table_and_first_timers_stay_known()
    {
        await _w.MakeHostAsync("hanne");
        await _w.JoinAsync("anna");
        await _w.MakeBuddyAsync("bo");
        await _w.RunUntilAsync(ParticipationKit.Wednesday1700);
        await _h.Press("anna", _h.T(ParticipationTexts.ButtonWithSomeone));
        await _h.Press("bo", _h.T(ParticipationTexts.ButtonCompanyYes));
        await _w.RunUntilAsync(ParticipationKit.Thursday1730.AddDays(3));
        await using (var db = _h.Db())
        {
            var anna = await _h.PersonAsync("anna");
            db.DashboardLogins.Add(new DashboardLogin { TokenHash = "x", PersonId = anna.Id, CreatedAt = _h.Clock.GetUtcNow(), ExpiresAt = _h.Clock.GetUtcNow() });
            Audit.Add(db, anna.Id, _w.CommunityId, "test", "about anna", _h.Clock.GetUtcNow());
            db.InboundReceipts.Add(new InboundReceipt { Id = "telegram:1", ReceivedAt = _h.Clock.GetUtcNow() });
            // An idea someone would join (it does not fade), its interest, a weekly ideas message, a small task taken.
            var bo = await _h.PersonAsync("bo");
            var idea = new Idea { CommunityId = _w.CommunityId, ProposerPersonId = anna.Id, Text = "En tur i parken", Status = IdeaStatus.Shared, ProposedAt = _h.Clock.GetUtcNow() };
            db.Ideas.Add(idea);
            var task = new HelpingTask { ActivityId = _w.DinnerId, Name = "dække bord", CreatedAt = _h.Clock.GetUtcNow() };
            db.HelpingTasks.Add(task);
            await db.SaveChangesAsync();
            db.IdeaInterest.Add(new IdeaInterest { IdeaId = idea.Id, PersonId = bo.Id, At = _h.Clock.GetUtcNow() });
            db.IdeaMessages.Add(new IdeaMessage { PersonId = bo.Id, SentAt = _h.Clock.GetUtcNow() });
            var occurrence = await db.Occurrences.OrderBy(o => o.StartsAt).FirstAsync();
            db.HelpingHands.Add(new HelpingHand { TaskId = task.Id, OccurrenceId = occurrence.Id, PersonId = anna.Id, TakenAt = _h.Clock.GetUtcNow() });
            db.HelpingAsked.Add(new HelpingAsked { PersonId = anna.Id, SaidNotNow = true });
            // A quarterly question sent and answered.
            var quarter = new Makker.Features.Evaluation.Quarter(new DateOnly(2026, 10, 1));
            db.QuarterQuestionsSent.Add(new Makker.Features.Evaluation.QuarterQuestionSent { PersonId = anna.Id, CommunityId = _w.CommunityId, Quarter = quarter.Start, QuestionKey = "feel_welcome", SentAt = _h.Clock.GetUtcNow() });
            db.QuarterAnswers.Add(new Makker.Features.Evaluation.QuarterAnswer { PersonId = anna.Id, CommunityId = _w.CommunityId, Quarter = quarter.Start, QuestionKey = "feel_welcome", Answer = "yes", AnsweredAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
            Assert.True(await db.Rsvps.AnyAsync() && await db.NudgesSent.AnyAsync() && await db.CompanyRequests.AnyAsync() && await db.Outbox.AnyAsync());
        }

        _h.Clock.Advance(TimeSpan.FromDays(181));
        var now = _h.Clock.GetUtcNow();
        await _h.Services.GetRequiredService<Retention>().RunAsync(now, CancellationToken.None);

        var cutoff = now.AddDays(-180);
        await using (var db = _h.Db())
        {
            foreach (var (table, older) in Aged)
            {
                Assert.True(await older(db, cutoff) == 0, $"{table} keeps rows older than the window");
            }
            Assert.False(await db.InboundReceipts.AnyAsync());
            // Anna came before: at the next dinner she is no first-timer, though her RSVPs are gone.
            var anna = await _h.PersonAsync("anna");
            Assert.True((await db.ActivityMembers.SingleAsync(m => m.PersonId == anna.Id)).CameBefore);
        }

        // Every table that names a person is either aged above or what a person is now: a new one must say which.
        var linked = PersonTables();
        Assert.Empty(linked.Except(Aged.Keys).Except(CurrentState));
    }

    private List<string> PersonTables()
    {
        using var db = _h.Db();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = db.Database.IsSqlite()
            ? "SELECT DISTINCT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND (c.name LIKE '%PersonId' OR m.name = 'people')"
            : "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND (column_name LIKE '%PersonId' OR table_name = 'people')";
        using var r = cmd.ExecuteReader();
        var tables = new List<string>();
        while (r.Read())
        {
            tables.Add(r.GetString(0));
        }
        return tables;
    }
}

public sealed class RetentionTestsOnPostgres : RetentionTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}
