using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Makker.Benchmarks;

// Usage: Bot.Benchmarks inbound|outbound|all [--people 5000] [--warmup 15] [--senders 1,4,16,64] [--seconds 8]
//        [--rate 500] [--rate-seconds 20] [--recipients 5000]
// Prints Markdown tables; the exit code is 1 when a correctness check fails (lost, duplicated, refused).

var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
if (what is not ("inbound" or "outbound" or "all"))
{
    Console.Error.WriteLine("usage: bench inbound|outbound|all [--people N] [--warmup S] [--senders 1,4,16,64] [--seconds S] [--rate R] [--rate-seconds S] [--recipients N]");
    return 2;
}
int Option(string name, int fallback) =>
    args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
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
    ok &= await RunInboundAsync(Option("people", 5000), senders, TimeSpan.FromSeconds(Option("warmup", 15)), TimeSpan.FromSeconds(Option("seconds", 8)),
        Option("rate", 500), TimeSpan.FromSeconds(Option("rate-seconds", 20)));
}
if (what is "outbound" or "all")
{
    ok &= await RunOutboundAsync(Option("recipients", 5000));
}
return ok ? 0 : 1;

static async Task<bool> RunInboundAsync(int people, int[] senders, TimeSpan warmUp, TimeSpan each, int rate, TimeSpan rateFor)
{
    Console.WriteLine($"## Inbound: webhook POST → turn → SQLite commit → 200 ({Format.N(people)} people)");
    Console.WriteLine();
    await using var bench = await InboundBenchmark.StartAsync(people);

    // Warm-up, not reported: JIT and tiering, connection pools, SQLite's page cache, every person's /start.
    var warm = await bench.ClosedLoopAsync(16, warmUp);
    Console.Error.WriteLine($"  warm-up: {Format.N(warm.Updates)} updates at {Format.N(warm.PerSecond)}/s");

    Console.WriteLine("Closed loop (each sender posts its next update when the previous one is answered):");
    Console.WriteLine();
    Console.WriteLine("| senders | updates | updates/s | p50 ms | p99 ms | max ms | CPU: this process | CPU: other processes | failed |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var best = 0.0;
    foreach (var n in senders)
    {
        var r = await bench.ClosedLoopAsync(n, each);
        best = Math.Max(best, r.PerSecond);
        Console.WriteLine($"| {n} | {Format.N(r.Updates)} | **{Format.N(r.PerSecond)}** | {Format.N(r.Latency.P50, 1)} | {Format.N(r.Latency.P99, 1)} | {Format.N(r.Latency.Max, 1)} | {Format.N(r.CpuPercent)} % | {Format.N(r.OthersPercent)} % | {r.Failed} |");
    }
    Console.WriteLine();

    var open = await bench.OpenLoopAsync(rate, rateFor);
    Console.WriteLine($"Open loop: {rate} updates/s for {Format.N(rateFor.TotalSeconds)} s (time counted from when each update was due):");
    Console.WriteLine();
    Console.WriteLine("| updates | achieved/s | p50 ms | p90 ms | p99 ms | max ms | CPU: this process | CPU: other processes | failed |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {Format.N(open.Updates)} | {Format.N(open.PerSecond)} | {Format.N(open.FromSchedule.P50, 1)} | {Format.N(open.FromSchedule.P90, 1)} | **{Format.N(open.FromSchedule.P99, 1)}** | {Format.N(open.FromSchedule.Max, 1)} | {Format.N(open.CpuPercent)} % | {Format.N(open.OthersPercent)} % | {open.Failed} |");
    Console.WriteLine();

    var direct = await bench.DirectAsync(TimeSpan.FromSeconds(5));
    Console.WriteLine($"Without HTTP, one caller handing updates to the host's update handler: {Format.N(direct.Latency.P50 * 1000)} µs per update at p50, "
        + $"mean {Format.N(1000 / direct.PerSecond * 1000)} µs ({Format.N(direct.PerSecond)} updates/s; other processes used {Format.N(direct.OthersPercent)} % of the machine).");
    Console.WriteLine();

    var (accepted, receipts, failed) = await bench.CheckAsync();
    Console.WriteLine($"Mix: {bench.Mix}.");
    Console.WriteLine($"Check: {Format.N(accepted)} updates answered 200, {Format.N(receipts)} receipts saved, {failed} not answered 200.");
    Console.WriteLine();
    Console.WriteLine("| target | measured | |");
    Console.WriteLine("|---|---:|---|");
    Console.WriteLine($"| ≥ 1,500 updates/s (best closed loop) | {Format.N(best)} /s | {(best >= 1500 ? "met" : "MISSED")} |");
    Console.WriteLine($"| p99 < 30 ms at {rate}/s | {Format.N(open.FromSchedule.P99, 1)} ms | {(open.FromSchedule.P99 < 30 ? "met" : "MISSED")} |");
    Console.WriteLine();
    var correct = failed == 0 && receipts == accepted;
    if (!correct)
    {
        Console.WriteLine("**CHECK FAILED**: every update must be answered 200 and have exactly one receipt.");
    }
    return correct;
}

static async Task<bool> RunOutboundAsync(int recipients)
{
    Console.WriteLine($"## Outbound: {Format.N(recipients)} pending outbox rows to {Format.N(recipients)} chats, fake Telegram enforcing its limits");
    Console.WriteLine();
    var r = await OutboundBenchmark.RunAsync(recipients, Console.Error);
    Console.WriteLine("| sent | first → last send | msg/s sustained | rows committed → last send | lost | duplicated | to others | 429s | limit violations | rows not marked sent |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {Format.N(r.Sent)} | {Format.N(r.Seconds, 1)} s | **{Format.N(r.MessagesPerSecond, 2)}** | {Format.N(r.WallSeconds, 1)} s | {r.Lost} | {r.Duplicated} | {r.Unexpected} | {r.Responses429} | {r.RateLimitViolations} | {r.RowsNotMarkedSent} |");
    Console.WriteLine();
    Console.WriteLine("| target | measured | |");
    Console.WriteLine("|---|---:|---|");
    Console.WriteLine($"| ≥ 28 msg/s sustained | {Format.N(r.MessagesPerSecond, 2)} | {(r.MessagesPerSecond >= 28 ? "met" : "MISSED")} |");
    Console.WriteLine($"| 0 lost, 0 duplicated, 0 limit violations | {r.Lost} / {r.Duplicated} / {r.RateLimitViolations} | {(r.Correct ? "met" : "MISSED")} |");
    Console.WriteLine();
    return r.Correct;
}
