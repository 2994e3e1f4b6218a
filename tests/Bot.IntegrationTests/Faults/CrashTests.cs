using System.Globalization;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Faults;

/// <summary>
/// Host processes killed with SIGKILL in the middle of their work: nothing that came in is lost, nothing that went out
/// is sent twice. Telegram is made slow at the moment of the kill, so the sends in flight have reached it but are not
/// carried out; a send Telegram carried out is always recorded before the kill. (A process that dies in the
/// millisecond between Telegram's answer and that record sends that one message again after a restart: Telegram has
/// no way to ask whether a message went out, so that is the one duplicate a crash can make.)
/// </summary>
public sealed class CrashTests
{
    private const string Announcement = "Husk: på torsdag spiser vi i haven.";
    private const string AsSent = Announcement + "\n\n– Jonas, Fællesskabet";

    [Theory]
    [InlineData(TelegramReceiveMode.Webhook)]
    [InlineData(TelegramReceiveMode.Polling)]
    public async Task Killed_during_a_burst_of_updates_on_SQLite_the_host_loses_none_and_answers_none_twice_after_a_restart(TelegramReceiveMode mode)
    {
        await using var bed = await ProcessBed.OnSqliteAsync(mode);
        var host = await bed.StartHostAsync();
        var users = Enumerable.Range(1, 600).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();
        // This test is about what comes in: replies wait at a slow Telegram, so none is half sent at the kill.
        bed.Telegram.HoldCalls("sendMessage");

        var deliveries = mode == TelegramReceiveMode.Webhook
            ? PostConcurrentlyAsync(users, parallel: 8)
            : Task.WhenAll(users.Select(u => u.SendTextAsync("/start")));
        await Eventually.WaitAsync(async () => await CountAsync(bed, db => db.InboundReceipts) >= 150, "a quarter of the burst to be handled");
        await host.KillAsync();
        var handledBeforeKill = await CountAsync(bed, db => db.InboundReceipts);
        var results = await deliveries;
        Assert.True(handledBeforeKill < users.Count, "the burst should still be going when the process dies");
        await Eventually.WaitAsync(() => Task.FromResult(bed.Telegram.HeldCalls == 0), "the dead process's sends to be dropped");

        await bed.StartHostAsync();
        bed.Telegram.ReleaseCalls("sendMessage");
        if (mode == TelegramReceiveMode.Webhook)
        {
            // Telegram's part: whatever did not get a 2xx comes again, including turns saved just before the kill.
            foreach (var failed in results.Where(r => !r.Accepted))
            {
                Assert.True((await bed.Telegram.RedeliverAsync(failed.UpdateId)).Accepted);
            }
        }
        await bed.AdvanceUntilAsync(() => users.All(u => u.LastBotMessage is not null), TimeSpan.FromMinutes(2));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        // /start is answered with a welcome and the consent question: each person has them once.
        Assert.All(users, u => Assert.Equal(2, u.Messages.Count(m => m.FromBot)));
        Assert.All(users, u => Assert.Single(u.Messages, m => m.FromBot && m.ButtonLabels.Contains(bed.ConsentYes)));
        Assert.Equal(users.Count, await CountAsync(bed, db => db.People));
        Assert.Equal(users.Count, await CountAsync(bed, db => db.InboundReceipts));
        await using var check = bed.Db();
        Assert.Equal(2 * users.Count, await check.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task Killed_during_a_broadcast_on_SQLite_the_restarted_host_sends_the_rest_and_nobody_gets_it_twice()
    {
        await using var bed = await ProcessBed.OnSqliteAsync(TelegramReceiveMode.Webhook);
        bed.Telegram.EnforceRateLimits = true;
        var first = await bed.StartHostAsync();
        var members = await AnnounceToAsync(bed, 500);

        await KillTheSenderMidwayAsync(bed, [first], members);
        await bed.StartHostAsync();
        await FinishAndCheckAsync(bed, members);
    }

    [SkippableFact]
    public async Task Killed_during_a_2000_recipient_broadcast_on_PostgreSQL_the_other_instance_finishes_it_and_everyone_gets_it_once()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        try
        {
            await using var bed = await ProcessBed.OnPostgresAsync(database, TelegramReceiveMode.Webhook);
            bed.Telegram.EnforceRateLimits = true;
            var hosts = new[] { await bed.StartHostAsync(), await bed.StartHostAsync() };
            var members = await AnnounceToAsync(bed, 2000);

            var killed = await KillTheSenderMidwayAsync(bed, hosts, members);
            var survivor = hosts.Single(h => h != killed);
            await FinishAndCheckAsync(bed, members);
            Assert.False(survivor.HasExited);
            Assert.Equal(survivor.Id, await bed.DispatcherProcessIdAsync());
        }
        finally
        {
            await TestPostgres.DropAsync(database);
        }
    }

    [SkippableFact]
    public async Task Killed_while_it_runs_a_nudge_round_on_PostgreSQL_the_other_instance_finishes_the_round_within_two_minutes_and_everyone_is_nudged_once()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        try
        {
            await using var bed = await ProcessBed.OnPostgresAsync(database, TelegramReceiveMode.Webhook);
            bed.Telegram.EnforceRateLimits = true;
            var first = await bed.StartHostAsync(Scheduled(seed: true));
            var second = await bed.StartHostAsync(Scheduled(seed: false));
            var (participants, _, _) = await TelegramPeople.JoinDemoDinnerAsync(bed.Db, bed.Telegram, bed.Clock.GetUtcNow(), RoundSize, 0);
            await PlannedAsync(bed);

            // 17:00 the day before: one instance takes the round; it dies in the middle of it.
            await bed.AdvanceAsync(Wednesday1700 - bed.Clock.GetUtcNow());
            var victim = await RunningTheRoundAsync(bed, [first, second]);
            await victim.KillAsync();
            var survivor = victim == first ? second : first;
            Assert.Equal(0, await CountAsync(bed, db => db.NudgesSent)); // the round was cut off: its transaction never committed

            var killedAt = DateTime.UtcNow;
            await Eventually.WaitAsync(async () => await CountAsync(bed, db => db.NudgesSent) == RoundSize,
                "the other instance to run the round", TimeSpan.FromMinutes(2));
            Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromMinutes(2));
            await EveryoneNudgedOnceAsync(bed, participants);
            Assert.False(survivor.HasExited);
        }
        finally
        {
            await TestPostgres.DropAsync(database);
        }
    }

    [Fact]
    public async Task Killed_while_it_runs_a_nudge_round_on_SQLite_the_restarted_host_runs_the_round_within_a_minute_and_everyone_is_nudged_once()
    {
        await using var bed = await ProcessBed.OnSqliteAsync(TelegramReceiveMode.Webhook);
        bed.Telegram.EnforceRateLimits = true;
        var host = await bed.StartHostAsync(Scheduled(seed: true));
        var (participants, _, _) = await TelegramPeople.JoinDemoDinnerAsync(bed.Db, bed.Telegram, bed.Clock.GetUtcNow(), RoundSize, 0);
        await PlannedAsync(bed);

        await bed.AdvanceAsync(Wednesday1700 - bed.Clock.GetUtcNow());
        await RunningTheRoundAsync(bed, [host]);
        await host.KillAsync();
        Assert.Equal(0, await CountAsync(bed, db => db.NudgesSent));

        // Hangfire's in-memory state died with the process; the sweep at start finds the step due and not done.
        var restarted = DateTime.UtcNow;
        await bed.StartHostAsync(Scheduled(seed: false));
        await Eventually.WaitAsync(async () => await CountAsync(bed, db => db.NudgesSent) == RoundSize,
            "the restarted host to run the round", TimeSpan.FromMinutes(1));
        Assert.True(DateTime.UtcNow - restarted < TimeSpan.FromMinutes(1));
        await EveryoneNudgedOnceAsync(bed, participants);
    }

    /// <summary>Large enough that the round's one transaction lasts a moment on either database.</summary>
    private const int RoundSize = 1500;

    private static readonly DateTimeOffset Wednesday1700 = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    /// <summary>A host with the scheduler on, telling in its log (at debug level) when a step starts to run.</summary>
    private static Dictionary<string, string> Scheduled(bool seed) => new()
    {
        ["Scheduler:Enabled"] = "true",
        ["Scheduler:SweepEverySeconds"] = "1",
        ["Bot:SeedDemo"] = seed ? "true" : "false",
        ["Logging:LogLevel:Makker.Features.Participation.OccurrenceStepRunner"] = "Debug",
    };

    private static async Task PlannedAsync(ProcessBed bed) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return await db.OccurrenceSteps.AnyAsync(s => s.Step == FirstNudgeStep.StepName);
        }, "the sweep to plan the dinner");

    /// <summary>The round's messages reach Telegram within its limits, and each participant has the nudge once.</summary>
    private static async Task EveryoneNudgedOnceAsync(ProcessBed bed, IReadOnlyList<FakeUser> participants)
    {
        static bool Nudge(FakeChatMessage m) => m.FromBot && m.Text.Contains("Kommer du?", StringComparison.Ordinal);
        await bed.AdvanceUntilAsync(() => participants.All(p => p.Messages.Any(Nudge)), TimeSpan.FromMinutes(3));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(10));

        Assert.All(participants, p => Assert.Single(p.Messages, Nudge));
        Assert.Equal(0, bed.Telegram.RateLimitViolations);
        Assert.Equal(RoundSize, await CountAsync(bed, db => db.NudgesSent));
    }

    /// <summary>The host whose log says it has started the first nudge round.</summary>
    private static async Task<HostProcess> RunningTheRoundAsync(ProcessBed bed, IReadOnlyList<HostProcess> hosts)
    {
        HostProcess? running = null;
        await Eventually.WaitAsync(() => Task.FromResult((running = hosts.FirstOrDefault(h => h.Output.Contains("Running first-nudge", StringComparison.Ordinal))) is not null),
            "an instance to start the first nudge round");
        return running!;
    }

    /// <summary>
    /// Jonas, a coordinator, announces something to his community of <paramref name="count"/> members through the
    /// chat, as in AnnounceOverTelegramTests; the members are put straight into the database (2,000 onboarding
    /// conversations would test nothing here).
    /// </summary>
    private static async Task<List<FakeUser>> AnnounceToAsync(ProcessBed bed, int count)
    {
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        await bed.ConsentAsync(jonas);
        var members = Enumerable.Range(1, count).Select(i => bed.Telegram.AddUser($"Medlem{i}", "da")).ToList();
        await using (var db = bed.Db())
        {
            var now = bed.Clock.GetUtcNow();
            var community = new Community { Name = "Fællesskabet", CreatedAt = now };
            db.Communities.Add(community);
            var people = members.Select(m => TelegramPeople.Consented(m, now)).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            var coordinator = await db.People.SingleAsync(p => p.ExternalId == jonas.Id.ToString(CultureInfo.InvariantCulture));
            db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = coordinator.Id, IsCoordinator = true, JoinedAt = now });
            db.CommunityMembers.AddRange(people.Select(p => new CommunityMember { CommunityId = community.Id, PersonId = p.Id, JoinedAt = now }));
            await db.SaveChangesAsync();
        }

        await jonas.SendTextAsync("/announce");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.Text.StartsWith("Skriv beskeden", StringComparison.Ordinal) == true);
        await jonas.SendTextAsync(Announcement);
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.ButtonLabels.Contains("Alle i Fællesskabet") == true);
        await jonas.PressAsync("Alle i Fællesskabet");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.ButtonLabels.Contains("Send") == true);
        await jonas.PressAsync("Send");
        return members;
    }

    /// <summary>
    /// Lets a third of the broadcast go out, makes Telegram slow so sends are in flight, waits until every send it
    /// carried out is recorded, and kills the process that sends. Returns the killed one.
    /// </summary>
    private static async Task<HostProcess> KillTheSenderMidwayAsync(ProcessBed bed, IReadOnlyList<HostProcess> hosts, IReadOnlyList<FakeUser> members)
    {
        var recipients = members.Count;
        var addresses = members.Select(m => m.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        await bed.AdvanceUntilAsync(() => SentCopies(bed) >= recipients / 3, TimeSpan.FromMinutes(5));
        bed.Telegram.HoldCalls("sendMessage");
        await bed.AdvanceUntilAsync(() => bed.Telegram.HeldCalls > 0);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return await db.Outbox.CountAsync(o => o.Text == AsSent && o.Status == OutboxStatus.Sent && addresses.Contains(o.Address)) == SentCopies(bed);
        }, "every copy Telegram took to be recorded as sent");

        var sender = await bed.DispatcherProcessIdAsync();
        var victim = hosts.Single(h => h.Id == sender);
        await victim.KillAsync();
        Assert.InRange(SentCopies(bed), recipients / 3, recipients - 1);
        await Eventually.WaitAsync(() => Task.FromResult(bed.Telegram.HeldCalls == 0), "the dead process's sends in flight to be dropped");
        bed.Telegram.ReleaseCalls("sendMessage");
        return victim;
    }

    private static async Task FinishAndCheckAsync(ProcessBed bed, IReadOnlyList<FakeUser> members)
    {
        // The dead sender's lease runs out (15 s) before another takes over, so allow for that.
        await bed.AdvanceUntilAsync(() => SentCopies(bed) >= members.Count, TimeSpan.FromMinutes(5));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        var copies = bed.Telegram.SentMessages.Where(m => m.Text == AsSent).GroupBy(m => m.ChatId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(members, m => Assert.Equal(1, copies.GetValueOrDefault(m.Id)));
        Assert.Equal(0, bed.Telegram.RateLimitViolations);
        await using var db = bed.Db();
        var addresses = members.Select(m => m.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(members.Count, await db.Outbox.CountAsync(o => o.Text == AsSent && o.Status == OutboxStatus.Sent && addresses.Contains(o.Address)));
        Assert.Equal(0, await db.Outbox.CountAsync(o => o.Status != OutboxStatus.Sent));
    }

    /// <summary>Copies sent to members (Jonas's preview has the same text, and he is not a recipient).</summary>
    private static int SentCopies(ProcessBed bed)
    {
        var jonas = JonasId(bed);
        return bed.Telegram.SentMessages.Count(m => m.Text == AsSent && m.ChatId != jonas);
    }

    private static long JonasId(ProcessBed bed) => bed.Telegram.Users.First(u => u.FirstName == "Jonas").Id;

    private static async Task<int> CountAsync<T>(ProcessBed bed, Func<MakkerDb, IQueryable<T>> table)
    {
        await using var db = bed.Db();
        return await table(db).CountAsync();
    }

    /// <summary>As Telegram posts to a webhook: a few at a time, each waiting for its answer (or its failure).</summary>
    private static async Task<FakeDelivery[]> PostConcurrentlyAsync(IReadOnlyList<FakeUser> users, int parallel)
    {
        var results = new FakeDelivery[users.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, ct) => results[i] = await users[i].SendTextAsync("/start", ct));
        return results;
    }
}
