using System.Globalization;

namespace Marketplace.Bench.KafkaStreams;

/// <summary>Busy CPU time of the whole machine, all processes, from /proc/stat (Linux); zero elsewhere.</summary>
internal static class MachineCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Busy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
