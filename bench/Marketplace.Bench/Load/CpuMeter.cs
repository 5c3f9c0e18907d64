using System.Diagnostics;

namespace Marketplace.Bench.Load;

/// <summary>
/// CPU time used by the target's server processes, by this load generator and by the whole machine over a phase
/// (Linux /proc). On two shared cores the latency numbers alone do not say who was busy: this does.
/// </summary>
public sealed class CpuMeter(IReadOnlyList<int> serverPids)
{
    /// <summary>USER_HZ: the unit of the /proc CPU counters, 100 on every Linux the project targets.</summary>
    private const double ClockTicksPerSecond = 100;

    public CpuSnapshot Take()
    {
        var machine = ReadMachine();
        return new CpuSnapshot(
            Stopwatch.GetTimestamp(),
            serverPids.Sum(ReadProcessTicks),
            Process.GetCurrentProcess().TotalProcessorTime,
            machine.Busy,
            machine.Total);
    }

    public static CpuUsage Between(CpuSnapshot before, CpuSnapshot after)
    {
        var wall = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var machineTotal = after.MachineTotalTicks - before.MachineTotalTicks;
        return new CpuUsage(
            (after.ServerTicks - before.ServerTicks) / ClockTicksPerSecond,
            (after.Generator - before.Generator).TotalSeconds,
            wall,
            machineTotal > 0 ? (double)(after.MachineBusyTicks - before.MachineBusyTicks) / machineTotal : 0);
    }

    private static long ReadProcessTicks(int pid)
    {
        try
        {
            // Fields after the parenthesised command name: state(3) … utime(14) stime(15).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static (long Busy, long Total) ReadMachine()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal …"
            var ticks = File.ReadLines("/proc/stat").First()
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = ticks.Sum();
            return (total - ticks[3] - ticks[4], total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}

public readonly record struct CpuSnapshot(long Timestamp, long ServerTicks, TimeSpan Generator, long MachineBusyTicks, long MachineTotalTicks);

/// <param name="MachineBusy">Fraction (0–1) of all cores busy, whoever used them.</param>
public readonly record struct CpuUsage(double ServerSeconds, double GeneratorSeconds, double WallSeconds, double MachineBusy);
