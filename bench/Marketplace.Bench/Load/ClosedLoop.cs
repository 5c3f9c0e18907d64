using System.Diagnostics;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Load;

/// <summary>
/// C workers, each sending its next request the moment the previous one completes, for a fixed time:
/// the throughput a target sustains. Latencies here include queueing at saturation; read them with that in mind.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<Measurement> RunAsync(IScenario scenario, TargetClient target, int concurrency, TimeSpan duration, CpuMeter cpu)
    {
        var before = cpu.Take();
        var stopAt = before.Timestamp + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency)
            .Select(_ => Task.Run(() => WorkAsync(scenario, target, stopAt)))
            .ToArray();
        var logs = await Task.WhenAll(workers);
        return new Measurement(RequestLog.Merge(logs), CpuMeter.Between(before, await cpu.TakeAtEndAsync()));
    }

    private static async Task<RequestLog> WorkAsync(IScenario scenario, TargetClient target, long stopAt)
    {
        var log = new RequestLog();
        var buffer = new byte[16 * 1024];
        long started;
        while ((started = Stopwatch.GetTimestamp()) < stopAt)
        {
            var outcome = await RequestSender.SendAsync(scenario, target, buffer);
            log.Record(outcome, Stopwatch.GetTimestamp() - started);
        }
        return log;
    }
}
