using System.Diagnostics;
using Activity = Makker.Features.Participation.Activity;
using Hangfire;
using Hangfire.Server;
using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Host;
using Makker.Scheduling;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Benchmarks;

/// <summary>
/// Many people in many weekly activities, on the real planner, scheduler and dispatcher: how long a week takes to
/// plan, how long it takes from the minute 10,000 nudges fall due until they are all in the outbox, and how much
/// memory the host holds idle and while a 10,000-recipient broadcast goes out.
/// </summary>
public static class ScaleBenchmark
{
    public sealed record Options(int People, int Activities, int DueNudges, int Recipients, TimeSpan Lead, TimeSpan Idle, TimeSpan Broadcast);

    public sealed record Result(
        string Storage,
        int People,
        int Activities,
        double SeedSeconds,
        double PlanSeconds,
        int Occurrences,
        int StepRows,
        int StepJobs,
        double PlanOthersPercent,
        double PlanPostgresPercent,
        int DueActivities,
        int DueNudges,
        double DueToOutboxSeconds,
        double FirstStepStartSeconds,
        double LastStepEndSeconds,
        bool PlannedBeforeDue,
        double NudgeOthersPercent,
        double NudgePostgresPercent,
        double IdleRssMb,
        double IdleHwmMb,
        double BroadcastRssMb,
        double BroadcastHwmMb,
        int BroadcastSent,
        double BroadcastSeconds,
        double MemoryOthersPercent);

    public static async Task<Result> RunAsync(BenchStorage storage, Options o, TextWriter log)
    {
        await using var database = await BenchDatabase.CreateAsync(storage);
        var perActivity = o.People / o.Activities;
        var dueActivities = (int)Math.Ceiling((double)o.DueNudges / perActivity);
        var planned = new JobRuns();
        var steps = new JobRuns();
        double seedSeconds = 0;
        DateTimeOffset due = default;

        // (a) and (b): the host in this process, so the scheduler's own listeners can time the jobs.
        var extra = new Dictionary<string, string>
        {
            // Days 0 to 6 ahead: one week of occurrences, one per weekly activity.
            ["Participation:PlanDaysAhead"] = "6",
        };
        var bed = await BenchBed.StartAsync(database, ownsDatabase: false, extra, async (services, telegram) =>
        {
            var seed = Stopwatch.StartNew();
            var dbs = services.GetRequiredService<IDbContextFactory<MakkerDb>>();
            var chats = Enumerable.Range(0, o.People).Select(i => telegram.AddUser(FirstNames[i % FirstNames.Length], i % 5 == 0 ? "en" : "da").Id).ToList();
            await SeedAsync(dbs, chats, o.Activities, log);
            // The due minute is set last, as close to the start as it can be, with time to plan the week first.
            due = NextMinute(DateTimeOffset.UtcNow + o.Lead);
            await MakeDueAsync(dbs, dueActivities, due);
            seedSeconds = seed.Elapsed.TotalSeconds;
            log.WriteLine($"  seeded {Format.N(o.People)} people in {Format.N(o.Activities)} activities in {Format.N(seedSeconds, 1)} s; "
                + $"{dueActivities} activities' first nudges due at {due:HH:mm:ss} UTC");
            // Hangfire's filters are process-wide; this process runs one host.
            GlobalJobFilters.Filters.Add(new JobTimes(new Dictionary<Type, JobRuns> { [typeof(SweepJob)] = planned, [typeof(StepJobs)] = steps }));
        });
        var window = new CpuWindow();
        int occurrences, rows, jobs;
        Result partial;
        try
        {
            var planSeconds = await planned.FirstRunAsync(TimeSpan.FromMinutes(15));
            var planOthers = window.OthersPercent;
            var planPostgres = window.PostgresPercent;
            var plannedAt = DateTimeOffset.UtcNow;
            var monitoring = bed.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            jobs = (int)(monitoring.ScheduledCount() + monitoring.EnqueuedCount("default"));
            await using (var db = bed.Db())
            {
                occurrences = await db.Occurrences.CountAsync();
                rows = await db.OccurrenceSteps.CountAsync();
            }
            log.WriteLine($"  planned {Format.N(occurrences)} occurrences with {Format.N(rows)} steps, {Format.N(jobs)} of them due within the hour given Hangfire jobs, in {Format.N(planSeconds, 1)} s");

            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                log.WriteLine($"  waiting {Format.N(wait.TotalSeconds)} s for the due minute");
                await Task.Delay(wait);
            }
            var nudgeWindow = new CpuWindow();
            var reached = await WaitForNudgesAsync(bed, due, o.DueNudges, TimeSpan.FromMinutes(10));
            var nudgeOthers = nudgeWindow.OthersPercent;
            var nudgePostgres = nudgeWindow.PostgresPercent;
            log.WriteLine($"  {Format.N(o.DueNudges)} nudges in the outbox {Format.N(reached, 2)} s after they were due");
            var (firstStart, lastEnd) = steps.Span(due);

            // Everything still waiting is set aside, so the host in the next phase is idle until the broadcast.
            await using (var db = bed.Db())
            {
                await db.Outbox.Where(m => m.Status == OutboxStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, DateTimeOffset.UtcNow));
            }

            partial = new Result(database.Name, o.People, o.Activities, seedSeconds, planSeconds, occurrences, rows, jobs, planOthers, planPostgres,
                dueActivities, o.DueNudges, reached, firstStart, lastEnd, plannedAt < due, nudgeOthers, nudgePostgres, 0, 0, 0, 0, 0, 0, 0);
        }
        finally
        {
            await bed.DisposeAsync();
        }

        // (c): the host alone in a child process, so the load generator and the fake server do not count.
        return await MeasureMemoryAsync(database, partial, o, log);
    }

    private static async Task<Result> MeasureMemoryAsync(BenchDatabase database, Result partial, Options o, TextWriter log)
    {
        await using var telegram = await FakeTelegramServer.StartAsync(TimeProvider.System);
        // The same user ids as before (the fake counts from 1), so the seeded people's chats exist.
        var chats = Enumerable.Range(0, o.People).Select(i => telegram.AddUser(FirstNames[i % FirstNames.Length], i % 5 == 0 ? "en" : "da").Id).ToList();
        var settings = BenchBed.HostSettings(telegram, database, Loopback.FreePort());
        // A host built but never started: only its database access, for the benchmark's own writes.
        await using var tools = MakkerHost.Build(settings.Select(kv => $"--{kv.Key}={kv.Value}").Append("--Scheduler:Enabled=false").ToArray());
        var dbs = tools.Services.GetRequiredService<IDbContextFactory<MakkerDb>>();

        using var host = await HostProcess.StartAsync(settings, database.Folder, log);
        var window = new CpuWindow();
        var hostCpuStart = host.CpuTime;
        await Task.Delay(o.Idle);
        var idle = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            idle.Add(host.Memory().RssMb);
            await Task.Delay(1000);
        }
        var idleHwm = host.Memory().HwmMb;
        log.WriteLine($"  host idle: RSS {Format.N(idle.Average())} MB (peak so far {Format.N(idleHwm)} MB)");

        // One broadcast as the announcements feature queues it: one confirmed broadcast, one pending row per recipient.
        var now = DateTimeOffset.UtcNow;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var people = await db.People.OrderBy(p => p.Id).Take(o.Recipients).Select(p => new { p.Id, p.ExternalId, p.Language }).ToListAsync();
            var community = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var broadcast = new Broadcast { CommunityId = community, Audience = BroadcastAudience.Community, Text = "Bench", CreatedAt = now, ConfirmedAt = now };
            db.Broadcasts.Add(broadcast);
            await db.SaveChangesAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Outbox.AddRange(people.Select(p => new OutboxMessage
            {
                PersonId = p.Id,
                Channel = TelegramAddress.Channel,
                Address = p.ExternalId,
                Text = p.Language == "en"
                    ? "Shared dinner is on Thursday at 17:30 in the community hall. Everyone is welcome, and it costs nothing to say not today."
                    : "Fællesspisning er torsdag kl. 17:30 i fælleshuset. Alle er velkomne, og det koster ingenting at sige ikke i dag.",
                Status = OutboxStatus.Pending,
                CreatedAt = now,
                BroadcastId = broadcast.Id,
            }));
            await db.SaveChangesAsync();
        }
        var sentBefore = telegram.SentMessages.Count;
        var during = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < o.Broadcast)
        {
            await Task.Delay(1000);
            during.Add(host.Memory().RssMb);
        }
        var broadcastSeconds = clock.Elapsed.TotalSeconds;
        var sent = telegram.SentMessages.Count - sentBefore;
        var hwm = host.Memory().HwmMb;
        var hostCpu = (host.CpuTime - hostCpuStart).TotalSeconds / (window.Seconds * Environment.ProcessorCount) * 100;
        var others = Math.Max(0, window.OthersPercent - hostCpu);
        log.WriteLine($"  during the broadcast: RSS up to {Format.N(during.Max())} MB, {Format.N(sent)} sent in {Format.N(broadcastSeconds)} s");
        await host.StopAsync();
        return partial with
        {
            IdleRssMb = idle.Average(),
            IdleHwmMb = idleHwm,
            BroadcastRssMb = during.Max(),
            BroadcastHwmMb = hwm,
            BroadcastSent = sent,
            BroadcastSeconds = broadcastSeconds,
            MemoryOthersPercent = others,
        };
    }

    /// <summary>
    /// Communities of ten activities each; every person takes part in one activity (and is a member of its
    /// community), and each activity's host is a participant of the next one. Inserted in batches; not timed.
    /// </summary>
    private static async Task SeedAsync(IDbContextFactory<MakkerDb> dbs, IReadOnlyList<long> chats, int activityCount, TextWriter log)
    {
        var now = DateTimeOffset.UtcNow;
        var zone = LocalTimes.Zone("Europe/Copenhagen", "Europe/Copenhagen");
        var today = LocalTimes.LocalDate(now, zone);
        // Today and tomorrow are left free for the activities whose nudges fall due in the measured minute, so no
        // other step is overdue at start-up (a step that is overdue runs at once, as after downtime).
        var otherDays = Enumerable.Range(2, 5).Select(d => (WeekDays)(1 << (int)today.AddDays(d).DayOfWeek)).ToArray();
        TimeOnly[] startTimes = [new(10, 0), new(13, 0), new(17, 30), new(18, 0), new(19, 0)];
        var communities = Enumerable.Range(0, (activityCount + 9) / 10).Select(i => new Community { Name = $"Fællesskab {i + 1}", CreatedAt = now }).ToList();
        var activities = new List<Activity>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            db.Communities.AddRange(communities);
            await db.SaveChangesAsync();
            activities.AddRange(Enumerable.Range(0, activityCount).Select(i => new Activity
            {
                CommunityId = communities[i / 10].Id,
                Name = $"Aktivitet {i + 1}",
                Place = "Fælleshuset",
                Days = otherDays[i % otherDays.Length],
                StartsAt = startTimes[i % startTimes.Length],
                DurationMinutes = 120,
                CreatedAt = now,
            }));
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
        }
        var perActivity = chats.Count / activityCount;
        var personIds = await SeedMembersAsync(dbs, chats, activities, now, i => FirstNames[i % FirstNames.Length], i => i % 5 == 0 ? "en" : "da");
        await using (var db = await dbs.CreateDbContextAsync())
        {
            db.ActivityMembers.AddRange(activities.Select((a, i) => new ActivityMember
            {
                ActivityId = a.Id,
                PersonId = personIds[(i + 1) % activityCount * perActivity],
                IsHost = true,
                JoinedAt = now,
            }));
            await db.SaveChangesAsync();
        }
        log.WriteLine($"  seeded {Format.N(communities.Count)} communities");
    }

    /// <summary>
    /// One consenting person per chat, saved in batches, each a member of the activity their place falls in (the
    /// activities share the people evenly, the last takes what is left) and of its community; their ids in chat order.
    /// </summary>
    internal static async Task<long[]> SeedMembersAsync(IDbContextFactory<MakkerDb> dbs, IReadOnlyList<long> chats, IReadOnlyList<Activity> activities,
        DateTimeOffset at, Func<int, string> firstName, Func<int, string> language)
    {
        var perActivity = chats.Count / activities.Count;
        var personIds = new long[chats.Count];
        const int batch = 5_000;
        for (var start = 0; start < chats.Count; start += batch)
        {
            await using var db = await dbs.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var people = Enumerable.Range(start, Math.Min(batch, chats.Count - start)).Select(i => new Person
            {
                Channel = TelegramAddress.Channel,
                ExternalId = TelegramAddress.Of(chats[i]),
                FirstName = firstName(i),
                Language = language(i),
                Consent = ConsentState.Given,
                ConsentChangedAt = at,
                CreatedAt = at,
            }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            foreach (var (person, i) in people.Select((p, k) => (p, start + k)))
            {
                personIds[i] = person.Id;
                var activity = activities[Math.Min(i / perActivity, activities.Count - 1)];
                db.ActivityMembers.Add(new ActivityMember { ActivityId = activity.Id, PersonId = person.Id, JoinedAt = at });
                db.CommunityMembers.Add(new CommunityMember { CommunityId = activity.CommunityId, PersonId = person.Id, JoinedAt = at });
            }
            await db.SaveChangesAsync();
        }
        return personIds;
    }

    /// <summary>The first activities meet tomorrow, and their first nudge (the day before) is due at <paramref name="due"/>.</summary>
    private static async Task MakeDueAsync(IDbContextFactory<MakkerDb> dbs, int count, DateTimeOffset due)
    {
        var zone = LocalTimes.Zone("Europe/Copenhagen", "Europe/Copenhagen");
        var local = LocalTimes.ToLocal(due, zone);
        var day = (WeekDays)(1 << (int)DateOnly.FromDateTime(local).AddDays(1).DayOfWeek);
        var at = TimeOnly.FromDateTime(local);
        await using var db = await dbs.CreateDbContextAsync();
        var ids = await db.Activities.OrderBy(a => a.Id).Take(count).Select(a => a.Id).ToListAsync();
        await db.Activities.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Days, day)
            .SetProperty(a => a.StartsAt, new TimeOnly(17, 30))
            .SetProperty(a => a.FirstNudgeDaysBefore, 1)
            .SetProperty(a => a.FirstNudgeAt, at));
    }

    private static DateTimeOffset NextMinute(DateTimeOffset t) =>
        new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    /// <summary>Seconds from the due minute until the outbox holds all the nudges (polled every 100 ms).</summary>
    private static async Task<double> WaitForNudgesAsync(BenchBed bed, DateTimeOffset due, int expected, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            await using (var db = bed.Db())
            {
                // A nudge's outbox row and its NudgeSent mark are saved in one transaction: counting rows with
                // buttons for the occurrence's question created since the due minute counts the messages themselves.
                var queued = await db.Outbox.CountAsync(m => m.CreatedAt >= due && m.ButtonsJson != null && m.EditsMessageId == null);
                if (queued >= expected)
                {
                    return (DateTimeOffset.UtcNow - due).TotalSeconds;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The {expected} nudges were not all in the outbox {timeout} after they were due.");
    }

    private static readonly string[] FirstNames =
        ["Anna", "Bo", "Camilla", "Dorthe", "Emil", "Fatima", "Gustav", "Hanne", "Ib", "Jonas", "Karen", "Lars", "Mette", "Nour", "Ole", "Pia", "Rasmus", "Sofie", "Tariq", "Ulla"];

    /// <summary>
    /// When Hangfire ran the jobs of each kind: told by Hangfire itself, around the job's own method. One filter for
    /// all kinds: Hangfire keeps one filter attribute of a type, so this is not one.
    /// </summary>
    internal sealed class JobTimes(Dictionary<Type, JobRuns> kinds) : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
            if (kinds.ContainsKey(context.BackgroundJob.Job.Type))
            {
                context.Items["bench-start"] = DateTimeOffset.UtcNow;
            }
        }

        public void OnPerformed(PerformedContext context)
        {
            // A sweep that found another one running did nothing: the planning sweep is the one that swept.
            if (kinds.TryGetValue(context.BackgroundJob.Job.Type, out var runs) && context.Items.TryGetValue("bench-start", out var start)
                && context.Result is not SweepResult { Swept: false })
            {
                runs.Add((DateTimeOffset)start, DateTimeOffset.UtcNow, context.Exception);
            }
        }
    }

    internal sealed class JobRuns
    {
        private readonly TaskCompletionSource<double> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _runs = [];

        public async Task<double> FirstRunAsync(TimeSpan timeout) => await _first.Task.WaitAsync(timeout);

        public (double FirstStart, double LastEnd) Span(DateTimeOffset from)
        {
            lock (_runs)
            {
                return _runs.Count == 0 ? (double.NaN, double.NaN)
                    : ((_runs.Min(r => r.Start) - from).TotalSeconds, (_runs.Max(r => r.End) - from).TotalSeconds);
            }
        }

        public void Add(DateTimeOffset start, DateTimeOffset end, Exception? failed)
        {
            lock (_runs)
            {
                _runs.Add((start, end));
            }
            if (failed is not null)
            {
                _first.TrySetException(failed);
            }
            _first.TrySetResult((end - start).TotalSeconds);
        }
    }
}
