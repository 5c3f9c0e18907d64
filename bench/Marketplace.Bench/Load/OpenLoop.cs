using System.Buffers;
using System.Diagnostics;
using Marketplace.Bench.Scenarios;

namespace Marketplace.Bench.Load;

/// <summary>
/// R requests a second on a fixed schedule, whatever the target does: request i is due at start + i/R and its
/// latency is measured from that intended time, not from when it was actually sent. A stalled target therefore
/// shows its stall in every request that should have been sent meanwhile (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    public static async Task<Measurement> RunAsync(IScenario scenario, TargetClient target, double rate, TimeSpan duration, CpuMeter cpu)
    {
        var count = checked((int)Math.Round(rate * duration.TotalSeconds));
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var sends = new Task[count];
        var log = new RequestLog();
        var lags = new RequestLog();
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var before = cpu.Take();
        var start = before.Timestamp;
        // A dedicated thread keeps the schedule; the sends themselves run on the thread pool.
        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var intended = start + (long)(i * ticksPerRequest);
                Pacing.WaitUntil(intended);
                sends[i] = Task.Run(() => SendAsync(scenario, target, intended, log, lags));
            }
            dispatched.SetResult();
        })
        {
            IsBackground = true,
            Name = "open-loop schedule",
        };
        dispatcher.Start();
        await dispatched.Task;
        await Task.WhenAll(sends);
        return new Measurement(log, CpuMeter.Between(before, await cpu.TakeAtEndAsync()), lags);
    }

    private static async Task SendAsync(IScenario scenario, TargetClient target, long intended, RequestLog log, RequestLog lags)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var sent = Stopwatch.GetTimestamp();
            var outcome = await RequestSender.SendAsync(scenario, target, buffer);
            var latency = Stopwatch.GetTimestamp() - intended;
            lock (log)
            {
                log.Record(outcome, latency);
                lags.Record(new Outcome(true, 0, null), sent - intended);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
