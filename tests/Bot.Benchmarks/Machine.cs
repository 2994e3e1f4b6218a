using System.Globalization;
using System.Runtime.InteropServices;

namespace Makker.Benchmarks;

/// <summary>What the numbers were measured on, read from the machine rather than written down by hand.</summary>
public static class Machine
{
    public static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static string TotalMemory()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null)
        {
            return Format.N(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1) + " GiB";
        }
        var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return Format.N(kib / 1024.0 / 1024, 1) + " GiB";
    }

    public static string OsName() =>
        ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
        ?? RuntimeInformation.OSDescription;

    public static string Kernel() =>
        ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault()?.Trim() ?? Environment.OSVersion.VersionString;

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
