namespace Marketplace.Bench.Load;

/// <param name="SendLags">Open loop only: how late each request left the generator against its intended time.</param>
public sealed record Measurement(RequestLog Log, CpuUsage Cpu, RequestLog? SendLags = null)
{
    public double RequestsPerSecond => Cpu.WallSeconds > 0 ? Log.Served / Cpu.WallSeconds : 0;

    /// <summary>Slices of one phase measured at different times, as if they were one long phase.</summary>
    public static Measurement Combine(IReadOnlyList<Measurement> slices)
    {
        var wall = slices.Sum(s => s.Cpu.WallSeconds);
        var cpu = new CpuUsage(
            slices.Sum(s => s.Cpu.ServerSeconds),
            slices.Sum(s => s.Cpu.GeneratorSeconds),
            wall,
            wall > 0 ? slices.Sum(s => s.Cpu.MachineBusy * s.Cpu.WallSeconds) / wall : 0,
            slices.Sum(s => s.Cpu.DatabaseSeconds),
            slices.Sum(s => s.Cpu.DatabaseCommits),
            slices.Sum(s => s.Cpu.WalSyncs));
        var lags = slices.Select(s => s.SendLags).OfType<RequestLog>().ToList();
        return new Measurement(RequestLog.Merge(slices.Select(s => s.Log)), cpu, lags.Count > 0 ? RequestLog.Merge(lags) : null);
    }
}
