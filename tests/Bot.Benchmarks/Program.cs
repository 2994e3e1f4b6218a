using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Makker.Benchmarks;

// Usage: Bot.Benchmarks inbound|outbound|all [--storage sqlite|postgres] [--people 5000] [--warmup 15] [--senders 1,4,16,64]
//        [--seconds 8] [--rate 500] [--rate-seconds 20] [--recipients 5000] [--onboarding 300] [--parallel-chats N]
//        Bot.Benchmarks scale [--storage sqlite|postgres|both] [--people 100000] [--activities 1000] [--due-nudges 10000]
//        [--recipients 10000] [--lead 90] [--idle 20] [--broadcast-seconds 30]
//        Bot.Benchmarks dashboard [--storage sqlite|postgres|both] [--people 100000] [--activities 1000] [--requests 30]
// Prints Markdown tables; the exit code is 1 when a correctness check fails (lost, duplicated, refused).
// (Bot.Benchmarks host --key=value... runs the host alone, for the scale benchmark's memory measurement.)

if (args is ["host", .. var hostArgs])
{
    return await Makker.Host.MakkerHost.RunAsync(hostArgs);
}
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
if (what is not ("inbound" or "outbound" or "all" or "scale" or "dashboard"))
{
    Console.Error.WriteLine("usage: bench inbound|outbound|all [--storage sqlite|postgres] [--people N] [--warmup S] [--senders 1,4,16,64] [--seconds S] [--rate R] [--rate-seconds S] [--recipients N]");
    Console.Error.WriteLine("       bench scale [--storage sqlite|postgres|both] [--people N] [--activities N] [--due-nudges N] [--recipients N] [--lead S] [--idle S] [--broadcast-seconds S]");
    Console.Error.WriteLine("       bench dashboard [--storage sqlite|postgres|both] [--people N] [--activities N] [--requests N]");
    return 2;
}
string? Text(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
int Option(string name, int fallback) => Text(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
var storages = (Text("storage") ?? (what is "scale" or "dashboard" ? "both" : "sqlite")) switch
{
    "sqlite" => new[] { BenchStorage.Sqlite },
    "postgres" => [BenchStorage.Postgres],
    "both" => [BenchStorage.Sqlite, BenchStorage.Postgres],
    var other => throw new ArgumentException($"--storage {other}: use sqlite, postgres or both."),
};
var senders = args.SkipWhile(a => a != "--senders").Skip(1).FirstOrDefault() is { } list
    ? list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
    : [1, 4, 16, 64];

Console.WriteLine("## Machine");
Console.WriteLine();
Console.WriteLine($"- CPU: {Machine.CpuModel()}, {Environment.ProcessorCount} cores");
Console.WriteLine($"- RAM: {Machine.TotalMemory()}");
Console.WriteLine($"- OS: {Machine.OsName()}, kernel {Machine.Kernel()}, {RuntimeInformation.OSArchitecture}");
Console.WriteLine($"- .NET: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
Console.WriteLine();

var ok = true;
if (what is "inbound" or "all")
{
    foreach (var storage in storages)
    {
        ok &= await RunInboundAsync(storage, Option("people", 5000), senders, TimeSpan.FromSeconds(Option("warmup", 15)), TimeSpan.FromSeconds(Option("seconds", 8)),
            Option("rate", 500), TimeSpan.FromSeconds(Option("rate-seconds", 20)));
    }
}
if (what is "outbound" or "all")
{
    int? parallelChats = Text("parallel-chats") is { } pc ? int.Parse(pc, CultureInfo.InvariantCulture) : null;
    ok &= await RunOutboundAsync(Option("recipients", 5000), 1, parallelChats);
    ok &= await RunOutboundAsync(Option("onboarding", 300), 3, parallelChats);
}
if (what is "scale")
{
    var options = new ScaleBenchmark.Options(Option("people", 100_000), Option("activities", 1000), Option("due-nudges", 10_000), Option("recipients", 10_000),
        TimeSpan.FromSeconds(Option("lead", 90)), TimeSpan.FromSeconds(Option("idle", 20)), TimeSpan.FromSeconds(Option("broadcast-seconds", 30)));
    RunScale(await ScaleAsync(storages, options, Console.Error));
}
if (what is "dashboard")
{
    var options = new DashboardBenchmark.Options(Option("people", 100_000), Option("activities", 1000), Option("requests", 30));
    var results = new List<DashboardBenchmark.Result>();
    foreach (var storage in storages)
    {
        Console.Error.WriteLine($"dashboard on {storage}:");
        results.Add(await DashboardBenchmark.RunAsync(storage, options, Console.Error));
    }
    ok &= RunDashboard(results);
}
return ok ? 0 : 1;

static bool RunDashboard(List<DashboardBenchmark.Result> results)
{
    var first = results[0];
    Console.WriteLine($"## Dashboard: one coordinator, one community with {Format.N(first.Activities)} activities and {Format.N(first.People)} people");
    Console.WriteLine();
    Console.WriteLine($"Twelve past weeks: {Format.N(first.PastOccurrences)} meetings, {Format.N(first.Rsvps)} answers, {Format.N(first.CheckIns)} check-ins. "
        + $"Each page fetched {Format.N(first.Pages[0].Latency.Count)} times in a row over HTTP on loopback after 3 not counted, logged in as the coordinator.");
    Console.WriteLine();
    Console.WriteLine("| storage | page | past weeks | HTML KB | p50 ms | p90 ms | p99 ms | max ms | CPU: this process | CPU: other processes |");
    Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    var met = true;
    foreach (var r in results)
    {
        foreach (var p in r.Pages)
        {
            Console.WriteLine($"| {r.Storage} | `{p.Page}` | {p.Weeks} | {Format.N(p.Bytes / 1024.0)} | **{Format.N(p.Latency.P50, 1)}** | {Format.N(p.Latency.P90, 1)} | {Format.N(p.Latency.P99, 1)} | {Format.N(p.Latency.Max, 1)} | {Format.N(p.CpuPercent)} % | {Format.N(p.OthersPercent)} % |");
            met &= p.Latency.P50 < 300;
        }
    }
    Console.WriteLine();
    Console.WriteLine("| target | measured | |");
    Console.WriteLine("|---|---:|---|");
    var worst = results.SelectMany(r => r.Pages).Max(p => p.Latency.P50);
    Console.WriteLine($"| every page < 300 ms (p50) | slowest {Format.N(worst, 1)} ms | {(met ? "met" : "MISSED")} |");
    Console.WriteLine();
    return true;
}

static async Task<List<ScaleBenchmark.Result>> ScaleAsync(BenchStorage[] storages, ScaleBenchmark.Options options, TextWriter log)
{
    var results = new List<ScaleBenchmark.Result>();
    foreach (var storage in storages)
    {
        log.WriteLine($"scale on {storage}:");
        results.Add(await ScaleBenchmark.RunAsync(storage, options, log));
    }
    return results;
}

static void RunScale(List<ScaleBenchmark.Result> results)
{
    var first = results[0];
    Console.WriteLine($"## Scale: {Format.N(first.People)} people in {Format.N(first.Activities)} activities");
    Console.WriteLine();
    string Row(string name, string target, Func<ScaleBenchmark.Result, string> value) =>
        $"| {name} | {string.Join(" | ", results.Select(value))} | {target} |";
    Console.WriteLine($"| | {string.Join(" | ", results.Select(r => r.Storage))} | target |");
    Console.WriteLine($"|---|{string.Concat(results.Select(_ => "---:|"))}---|");
    Console.WriteLine(Row("week planned (first sweep), s", "≤ 30", r => $"**{Format.N(r.PlanSeconds, 1)}**"));
    Console.WriteLine(Row($"{Format.N(first.DueNudges)} due nudges → outbox, s", "≤ 5", r => $"**{Format.N(r.DueToOutboxSeconds, 2)}**"));
    Console.WriteLine(Row("RSS idle, MB", "≤ 400", r => $"**{Format.N(r.IdleRssMb)}**"));
    Console.WriteLine(Row($"RSS during a {Format.N(first.BroadcastSent > 0 ? 10_000 : 0)}-recipient broadcast, MB (max of 1 s samples)", "≤ 400", r => $"**{Format.N(r.BroadcastRssMb)}**"));
    Console.WriteLine(Row("peak RSS (VmHWM) at the end, MB", "", r => Format.N(r.BroadcastHwmMb)));
    Console.WriteLine();
    Console.WriteLine("Details:");
    Console.WriteLine();
    foreach (var r in results)
    {
        Console.WriteLine($"- {r.Storage}: seeded in {Format.N(r.SeedSeconds, 1)} s (not measured); the first sweep made {Format.N(r.Occurrences)} occurrences with "
            + $"{Format.N(r.StepRows)} steps and gave the {Format.N(r.StepJobs)} due within the hour Hangfire jobs (other processes {Format.N(r.PlanOthersPercent)} %, of which PostgreSQL {Format.N(r.PlanPostgresPercent)} %); {r.DueActivities} activities' first nudges due in one minute, "
            + $"the first step job started {Format.N(r.FirstStepStartSeconds, 2)} s after it and the last ended at {Format.N(r.LastStepEndSeconds, 2)} s "
            + $"({(r.PlannedBeforeDue ? "planned before the due minute" : "PLANNED AFTER THE DUE MINUTE")}; other processes {Format.N(r.NudgeOthersPercent)} %, of which PostgreSQL {Format.N(r.NudgePostgresPercent)} %); "
            + $"host process idle {Format.N(r.IdleRssMb)} MB (peak {Format.N(r.IdleHwmMb)} MB before the broadcast), "
            + $"{Format.N(r.BroadcastSent)} of the broadcast sent in the {Format.N(r.BroadcastSeconds)} s measured (other processes {Format.N(r.MemoryOthersPercent)} %).");
    }
    Console.WriteLine();
}

static async Task<bool> RunInboundAsync(BenchStorage storage, int people, int[] senders, TimeSpan warmUp, TimeSpan each, int rate, TimeSpan rateFor)
{
    await using var bench = await InboundBenchmark.StartAsync(people, storage);
    Console.WriteLine($"## Inbound: webhook POST → turn → {bench.StorageName} commit → 200 ({Format.N(people)} people)");
    Console.WriteLine();

    // Warm-up: JIT and tiering, connection pools, SQLite's page cache, and every person's first two turns (/start and
    // the answer to the consent question). Those first turns create the person and cost more than later ones; a
    // warm-up of fixed length ended part-way through them, so each run measured a different mix and the closed loop
    // varied by a third between two runs of the same code. Their rate is reported on its own below.
    var warm = await bench.ClosedLoopAsync(16, warmUp);
    long warmUpdates = warm.Updates;
    var warmSeconds = warm.Seconds;
    while (bench.NotOnboarded > 0)
    {
        var more = await bench.ClosedLoopAsync(16, TimeSpan.FromSeconds(2));
        warmUpdates += more.Updates;
        warmSeconds += more.Seconds;
    }
    Console.Error.WriteLine($"  warm-up: {Format.N(warmUpdates)} updates at {Format.N(warmUpdates / warmSeconds)}/s");

    Console.WriteLine("Closed loop (each sender posts its next update when the previous one is answered):");
    Console.WriteLine();
    Console.WriteLine("| senders | updates | updates/s | p50 ms | p99 ms | max ms | CPU: this process | CPU: other processes | of which PostgreSQL | failed |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var best = 0.0;
    foreach (var n in senders)
    {
        var r = await bench.ClosedLoopAsync(n, each);
        best = Math.Max(best, r.PerSecond);
        Console.WriteLine($"| {n} | {Format.N(r.Updates)} | **{Format.N(r.PerSecond)}** | {Format.N(r.Latency.P50, 1)} | {Format.N(r.Latency.P99, 1)} | {Format.N(r.Latency.Max, 1)} | {Format.N(r.CpuPercent)} % | {Format.N(r.OthersPercent)} % | {Format.N(r.PostgresPercent)} % | {r.Failed} |");
    }
    Console.WriteLine();

    // The same closed loop against a bare Kestrel endpoint reading the same JSON: the most any webhook could do here.
    Console.WriteLine("The same closed loop against a bare Kestrel endpoint in the same process that reads the same webhook JSON (Telegram.Bot's `Update`) and answers 200:");
    Console.WriteLine();
    Console.WriteLine("| senders | updates | updates/s | p50 ms | p99 ms | CPU: this process | CPU: other processes | failed |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    var bareBest = 0.0;
    foreach (var n in senders)
    {
        var r = await bench.BareKestrelAsync(n, each);
        bareBest = Math.Max(bareBest, r.PerSecond);
        Console.WriteLine($"| {n} | {Format.N(r.Updates)} | {Format.N(r.PerSecond)} | {Format.N(r.Latency.P50, 2)} | {Format.N(r.Latency.P99, 2)} | {Format.N(r.CpuPercent)} % | {Format.N(r.OthersPercent)} % | {r.Failed} |");
    }
    Console.WriteLine();
    Console.WriteLine($"Makker's best closed loop is **{Format.N(100 * best / bareBest)} %** of the bare endpoint's ({Format.N(best)} of {Format.N(bareBest)} updates/s).");
    Console.WriteLine();

    var open = await bench.OpenLoopAsync(rate, rateFor);
    Console.WriteLine($"Open loop: {rate} updates/s for {Format.N(rateFor.TotalSeconds)} s (time counted from when each update was due):");
    Console.WriteLine();
    Console.WriteLine("| updates | achieved/s | p50 ms | p90 ms | p99 ms | max ms | CPU: this process | CPU: other processes | of which PostgreSQL | failed |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {Format.N(open.Updates)} | {Format.N(open.PerSecond)} | {Format.N(open.FromSchedule.P50, 1)} | {Format.N(open.FromSchedule.P90, 1)} | **{Format.N(open.FromSchedule.P99, 1)}** | {Format.N(open.FromSchedule.Max, 1)} | {Format.N(open.CpuPercent)} % | {Format.N(open.OthersPercent)} % | {Format.N(open.PostgresPercent)} % | {open.Failed} |");
    Console.WriteLine();

    var direct = await bench.DirectAsync(TimeSpan.FromSeconds(5));
    Console.WriteLine($"Without HTTP, one caller handing updates to the host's update handler: {Format.N(direct.Latency.P50 * 1000)} µs per update at p50, "
        + $"mean {Format.N(1000 / direct.PerSecond * 1000)} µs ({Format.N(direct.PerSecond)} updates/s; other processes used {Format.N(direct.OthersPercent)} % of the machine, PostgreSQL {Format.N(direct.PostgresPercent)} %); "
        + $"the process allocated {Format.N(direct.AllocatedPerUpdate / 1024)} KB per update meanwhile.");
    Console.WriteLine();

    var (accepted, receipts, failed) = await bench.CheckAsync();
    Console.WriteLine($"Mix: {bench.Mix}.");
    Console.WriteLine($"Check: {Format.N(accepted)} updates answered 200, {Format.N(receipts)} receipts saved, {failed} not answered 200.");
    Console.WriteLine();
    Console.WriteLine("| target | measured | |");
    Console.WriteLine("|---|---:|---|");
    // SQLite's target is the single-machine one above; PostgreSQL's is issue 8's scale target.
    var target = storage == BenchStorage.Postgres ? 1000 : 1500;
    Console.WriteLine($"| ≥ {Format.N(target)} updates/s (best closed loop) | {Format.N(best)} /s | {(best >= target ? "met" : "MISSED")} |");
    Console.WriteLine($"| p99 < 30 ms at {rate}/s | {Format.N(open.FromSchedule.P99, 1)} ms | {(open.FromSchedule.P99 < 30 ? "met" : "MISSED")} |");
    Console.WriteLine();
    var correct = failed == 0 && receipts == accepted;
    if (!correct)
    {
        Console.WriteLine("**CHECK FAILED**: every update must be answered 200 and have exactly one receipt.");
    }
    return correct;
}

static async Task<bool> RunOutboundAsync(int recipients, int perChat, int? parallelChats)
{
    var setting = parallelChats is { } n ? $"Telegram:ParallelChats = {n}" : "Telegram:ParallelChats at its default";
    Console.WriteLine(perChat == 1
        ? $"## Outbound: {Format.N(recipients)} pending outbox rows to {Format.N(recipients)} chats, fake Telegram enforcing its limits ({setting})"
        : $"## Outbound: {Format.N(recipients)} people onboarding at once, {perChat} and {perChat - 1} messages by turns, fake Telegram enforcing its limits ({setting})");
    Console.WriteLine();
    var r = await OutboundBenchmark.RunAsync(recipients, Console.Error, perChat, parallelChats);
    Console.WriteLine("| sent | first → last send | msg/s sustained | rows committed → last send | lost | duplicated | to others | chats out of order | 429s | limit violations | rows not marked sent |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {Format.N(r.Sent)} | {Format.N(r.Seconds, 1)} s | **{Format.N(r.MessagesPerSecond, 2)}** | {Format.N(r.WallSeconds, 1)} s | {r.Lost} | {r.Duplicated} | {r.Unexpected} | {r.ChatsOutOfOrder} | {r.Responses429} | {r.RateLimitViolations} | {r.RowsNotMarkedSent} |");
    Console.WriteLine();
    Console.WriteLine("| target | measured | |");
    Console.WriteLine("|---|---:|---|");
    Console.WriteLine($"| ≥ 28 msg/s sustained | {Format.N(r.MessagesPerSecond, 2)} | {(r.MessagesPerSecond >= 28 ? "met" : "MISSED")} |");
    Console.WriteLine($"| 0 lost, 0 duplicated, 0 limit violations, each chat in order | {r.Lost} / {r.Duplicated} / {r.RateLimitViolations} / {r.ChatsOutOfOrder} | {(r.Correct ? "met" : "MISSED")} |");
    Console.WriteLine();
    return r.Correct;
}
