namespace Marketplace.Bench.Load;

/// <param name="SendLag">Open loop only: how late requests left the generator against their intended time.</param>
public sealed record Measurement(RequestLog Log, CpuUsage Cpu, LatencySummary? SendLag = null)
{
    public double RequestsPerSecond => Cpu.WallSeconds > 0 ? Log.Served / Cpu.WallSeconds : 0;
}
