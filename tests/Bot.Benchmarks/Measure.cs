using System.Diagnostics;
using System.Globalization;

namespace Makker.Benchmarks;

/// <summary>Latency percentiles of one run, in milliseconds.</summary>
public sealed record Latencies(int Count, double P50, double P90, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Latencies(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        return new Latencies(sorted.Length, At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), sorted[^1]);
    }

    // Nearest rank: the value below which the given share of the samples lies.
    private static double At(double[] sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// Wall time, how much of the machine this process (host, fake server and load together) used meanwhile, and how
/// much other processes used: on a shared machine a busy neighbour explains a bad run.
/// </summary>
public sealed class CpuWindow
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (double Busy, double Total)? _machineStart = MachineTicks();
    private readonly Dictionary<int, double> _postgresStart = PostgresTicks();

    public double Seconds => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    /// <summary>This process's share of all cores, 0-100.</summary>
    public double CpuPercent
    {
        get
        {
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuStart).TotalSeconds;
            return 100 * cpu / (Seconds * Environment.ProcessorCount);
        }
    }

    /// <summary>Other processes' share of all cores, 0-100 (NaN where /proc/stat is missing).</summary>
    public double OthersPercent
    {
        get
        {
            if (_machineStart is not { } start || MachineTicks() is not { } now || now.Total <= start.Total)
            {
                return double.NaN;
            }
            var machine = 100 * (now.Busy - start.Busy) / (now.Total - start.Total);
            return Math.Max(0, machine - CpuPercent);
        }
    }

    /// <summary>
    /// The local PostgreSQL server's share of all cores, 0-100: part of <see cref="OthersPercent"/>, but on
    /// PostgreSQL it is the benchmark's own database at work, not a neighbour.
    /// </summary>
    public double PostgresPercent
    {
        get
        {
            if (_machineStart is not { } start || MachineTicks() is not { } now || now.Total <= start.Total)
            {
                return double.NaN;
            }
            // /proc/stat counts all cores together; a process's ticks are per core-second alike.
            // Per process, so a backend that ended in the window takes away nothing but its own ticks.
            var used = PostgresTicks().Sum(p => p.Value - _postgresStart.GetValueOrDefault(p.Key));
            return 100 * used / (now.Total - start.Total);
        }
    }

    /// <summary>
    /// User and system jiffies of every process named postgres (the server and its backends), by process id. A
    /// backend that ends within the window takes its ticks with it; the pools keep theirs open, so that is rare.
    /// </summary>
    private static Dictionary<int, double> PostgresTicks()
    {
        var ticks = new Dictionary<int, double>();
        if (!Directory.Exists("/proc"))
        {
            return ticks;
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)
                    || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                {
                    continue;
                }
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // After the command in parentheses: state is field 3, utime and stime are fields 14 and 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return ticks;
    }

    /// <summary>Busy and total jiffies of all cores together, from the first line of /proc/stat.</summary>
    private static (double Busy, double Total)? MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...: idle and iowait are the time nobody ran.
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }
}

public static class Format
{
    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
