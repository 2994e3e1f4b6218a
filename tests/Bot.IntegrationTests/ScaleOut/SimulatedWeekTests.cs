using System.Globalization;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.ScaleOut;

/// <summary>
/// A week of the demo community's Thursday dinner run by two hosts on one PostgreSQL database, with Hangfire sharing
/// its storage there and one fake Telegram server keeping Telegram's limits: every nudge, check-in and shift prompt
/// reaches its person once.
/// </summary>
public sealed class SimulatedWeekTests
{
    private const int Participants = 24;
    private const int Volunteers = 6;

    [SkippableFact]
    public async Task Over_a_week_on_two_instances_every_nudge_check_in_and_shift_prompt_is_sent_once_within_Telegrams_limits()
    {
        var database = await TestPostgres.NewDatabaseAsync();
        var clock = RunningHost.NewClock();
        await using var telegram = await FakeTelegramServer.StartAsync(clock);
        telegram.EnforceRateLimits = true;
        Dictionary<string, string> Settings(bool seed)
        {
            var port = Loopback.FreePort();
            return new()
            {
                ["urls"] = $"http://127.0.0.1:{port}",
                ["Storage:Provider"] = "PostgreSQL",
                ["Storage:ConnectionString"] = database,
                ["Telegram:BotToken"] = telegram.Token,
                ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}",
                ["Telegram:RequestTimeoutSeconds"] = "3",
                ["Bot:SeedDemo"] = seed ? "true" : "false",
                ["WebChat:Enabled"] = "false",
                // Every volunteer is asked in the first waves; the open shifts then look again every six hours, not
                // every hour, so the week has fewer moments to stop at.
                ["Volunteering:LookAgainMinutes"] = "360",
            };
        }
        try
        {
            await using var first = await RunningHost.StartAsync(Settings(seed: true), clock);
            await using var second = await RunningHost.StartAsync(Settings(seed: false), clock);
            var (participants, volunteers, host) = await TelegramPeople.JoinDemoDinnerAsync(first.Db, telegram, clock.GetUtcNow(), Participants, Volunteers);
            var everyone = participants.Concat(volunteers).Append(host).ToList();
            var week = new Week(clock, telegram, first, second);

            // Tuesday 10:00 to the next Tuesday 10:00 in Copenhagen; half the participants say they are coming.
            var end = clock.GetUtcNow().AddDays(7);
            var coming = participants.Where((_, i) => i % 2 == 0).ToList();
            await week.RunUntilAsync(() => coming.All(p => p.LastBotMessage?.ButtonLabels.Contains("Jeg kommer") == true), end);
            foreach (var person in coming)
            {
                await person.PressAsync("Jeg kommer");
            }
            await week.RunUntilAsync(() => false, end);

            Assert.Equal(0, telegram.RateLimitViolations);
            await using var db = first.Db();
            Assert.Equal(0, await db.Outbox.CountAsync(o => o.Channel == TelegramAddress.Channel && o.Status != OutboxStatus.Sent));
            foreach (var person in everyone)
            {
                var address = person.Id.ToString(CultureInfo.InvariantCulture);
                var meant = await db.Outbox.CountAsync(o => o.Address == address && o.EditsMessageId == null && o.Kind == OutboxKind.Message);
                Assert.Equal(meant, person.Messages.Count(m => m.FromBot));
                var texts = person.Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
                Assert.True(texts.Count == texts.Distinct().Count(), $"{person} got a message twice:\n{string.Join("\n", texts)}");
            }
            foreach (var person in participants)
            {
                Assert.Single(person.Messages, m => m.FromBot && m.Text.Contains("Kommer du?", StringComparison.Ordinal));
                Assert.Equal(coming.Contains(person) ? 1 : 0, person.Messages.Count(m => m.FromBot && m.Text.Contains("Bare ét spørgsmål", StringComparison.Ordinal)));
            }
            // Those who did not answer heard once more on the day; those coming were not asked again.
            Assert.All(participants.Except(coming), p => Assert.Single(p.Messages, m => m.FromBot && m.Text.Contains("det er helt fint, hvis det ikke passer i dag", StringComparison.Ordinal)));
            Assert.All(coming, p => Assert.DoesNotContain(p.Messages, m => m.FromBot && m.Text.Contains("det er helt fint, hvis det ikke passer i dag", StringComparison.Ordinal)));
            Assert.Equal(await db.NudgesSent.CountAsync(), participants.Sum(p => p.Messages.Count(m => m.FromBot && (m.Text.Contains("Kommer du?", StringComparison.Ordinal) || m.Text.Contains("ikke passer i dag", StringComparison.Ordinal)))));
            var prompts = volunteers.Sum(v => v.Messages.Count(m => m.FromBot && m.Text.StartsWith("Kan du hjælpe med", StringComparison.Ordinal)));
            Assert.True(prompts > 0, "the volunteers should have been asked about the dinner's shifts");
            Assert.Equal(await db.ShiftPrompts.CountAsync(), prompts);
            Assert.Single(host.Messages, m => m.FromBot && m.Text.StartsWith("Torsdagsmiddag", StringComparison.Ordinal));

            Assert.True(HangfireJobs.Servers(first.Services).Count >= 2, "both instances should be Hangfire servers on the shared storage");
        }
        finally
        {
            await TestPostgres.DropAsync(database);
        }
    }

    /// <summary>
    /// Moves the shared clock through the week: straight to the next moment anything is due (a step, a message held for
    /// quiet hours) while nothing is going on. While a step is due, the clock waits for Hangfire (which polls on the wall
    /// clock) to run it, as real time would stand still for a step due this second; while Telegram rows wait, it moves a
    /// quarter of a second at a time, so the dispatcher keeps its pace.
    /// </summary>
    private sealed class Week(FakeTimeProvider clock, FakeTelegramServer telegram, params RunningHost[] hosts)
    {
        public async Task RunUntilAsync(Func<bool> done, DateTimeOffset end)
        {
            var waitingSince = DateTime.UtcNow;
            // Runs to the end, and then until what fell due at the end is done too.
            while (!done())
            {
                if (await StepsDueAsync() > 0 || HangfireJobs.Pending(hosts[0].Services).Any(j => j.State != "Scheduled"))
                {
                    if (DateTime.UtcNow - waitingSince > TimeSpan.FromMinutes(2))
                    {
                        throw new TimeoutException($"Steps still due after two minutes at {clock.GetUtcNow():O}: "
                            + string.Join(", ", HangfireJobs.Pending(hosts[0].Services).Select(j => $"{j.Name} {j.State}")));
                    }
                    await Task.Delay(50);
                    continue;
                }
                waitingSince = DateTime.UtcNow;
                if (await DueMessagesAsync() > 0)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(250));
                    try
                    {
                        await telegram.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(30));
                    }
                    catch (TimeoutException)
                    {
                    }
                    continue;
                }
                if (clock.GetUtcNow() >= end)
                {
                    return;
                }
                clock.SetUtcNow(await NextMomentAsync(end));
            }
        }

        /// <summary>The next time anything is due: a step, or a message held for quiet hours.</summary>
        private async Task<DateTimeOffset> NextMomentAsync(DateTimeOffset end)
        {
            var now = clock.GetUtcNow();
            await using var db = hosts[0].Db();
            var step = await (from s in db.OccurrenceSteps
                              join o in db.Occurrences on s.OccurrenceId equals o.Id
                              where s.DoneAt == null && o.CancelledAt == null && s.DueAt > now
                              orderby s.DueAt
                              select (DateTimeOffset?)s.DueAt).FirstOrDefaultAsync();
            var held = await db.Outbox.Where(o => o.Status == OutboxStatus.Pending && o.NotBefore > now).Select(o => o.NotBefore).ToListAsync();
            return held.Append(step).Aggregate(end, (earliest, at) => at is { } t && t < earliest ? t : earliest);
        }

        /// <summary>Steps whose time has come and that have not run (one instance sees both: the rows are shared).</summary>
        private async Task<int> StepsDueAsync()
        {
            await using var db = hosts[0].Db();
            var now = clock.GetUtcNow();
            return await (from s in db.OccurrenceSteps
                          join o in db.Occurrences on s.OccurrenceId equals o.Id
                          where s.DoneAt == null && o.CancelledAt == null && s.DueAt <= now && o.EndsAt > now.AddDays(-4)
                          select s).CountAsync();
        }

        private async Task<int> DueMessagesAsync()
        {
            await using var db = hosts[0].Db();
            var now = clock.GetUtcNow();
            return await db.Outbox.CountAsync(o => o.Channel == TelegramAddress.Channel && o.Status == OutboxStatus.Pending && (o.NotBefore == null || o.NotBefore <= now));
        }
    }
}
