using System.Diagnostics;

namespace Marketplace.Bench.Load;

/// <summary>
/// CPU time used by the target's server processes, by this load generator and by the whole machine over a phase
/// (Linux /proc). On two shared cores the latency numbers alone do not say who was busy: this does. With a
/// <see cref="PostgresProbe"/>, also the database's CPU, commits and WAL flushes over the phase.
/// </summary>
public sealed class CpuMeter(IReadOnlyList<int> serverPids, PostgresProbe? database = null)
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
            machine.Total,
            database?.CpuTicks() ?? 0,
            database?.Counters() ?? default);
    }

    /// <summary>
    /// The end of a phase: CPU now, the database's counters once it has published them (<see cref="PostgresProbe.StatisticsDelay"/>;
    /// what it commits meanwhile is the phase's tail, the projections catching up with the requests).
    /// </summary>
    public async Task<CpuSnapshot> TakeAtEndAsync()
    {
        var end = Take();
        if (database is null)
        {
            return end;
        }
        await Task.Delay(PostgresProbe.StatisticsDelay);
        return end with { Database = database.Counters() };
    }

    public static CpuUsage Between(CpuSnapshot before, CpuSnapshot after)
    {
        var wall = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var machineTotal = after.MachineTotalTicks - before.MachineTotalTicks;
        return new CpuUsage(
            (after.ServerTicks - before.ServerTicks) / ClockTicksPerSecond,
            (after.Generator - before.Generator).TotalSeconds,
            wall,
            machineTotal > 0 ? (double)(after.MachineBusyTicks - before.MachineBusyTicks) / machineTotal : 0,
            (after.DatabaseTicks - before.DatabaseTicks) / ClockTicksPerSecond,
            after.Database.Commits - before.Database.Commits,
            after.Database.WalSyncs - before.Database.WalSyncs);
    }

    private static long ReadProcessTicks(int pid) =>
        ProcessTree.Stat(pid) is { } fields ? long.Parse(fields[11]) + long.Parse(fields[12]) : 0;

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

public readonly record struct CpuSnapshot(long Timestamp, long ServerTicks, TimeSpan Generator, long MachineBusyTicks, long MachineTotalTicks,
    long DatabaseTicks, (long Commits, long WalSyncs) Database);

/// <param name="MachineBusy">Fraction (0–1) of all cores busy, whoever used them.</param>
/// <param name="DatabaseSeconds">CPU of the PostgreSQL server's processes (0 without a probe).</param>
/// <param name="DatabaseCommits">Transactions committed in the silo's database.</param>
/// <param name="WalSyncs">WAL flushes to disk, server-wide: commits / flushes is how many commits one fsync carried.</param>
public readonly record struct CpuUsage(double ServerSeconds, double GeneratorSeconds, double WallSeconds, double MachineBusy,
    double DatabaseSeconds = 0, long DatabaseCommits = 0, long WalSyncs = 0);
