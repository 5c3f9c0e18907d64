using System.Diagnostics;

namespace Marketplace.Bench.KafkaStreams;

/// <summary>
/// Every delivery of the current run (no sampling): the first delivery's latency per sequence number, how many times
/// each sequence arrived, and when the last one did. Events of another run (a warm-up, an earlier rate) are ignored.
/// </summary>
public static class DeliveryRecorder
{
    private static Run current = new(-1, 0);

    public static void Start(int run, int events) => current = new Run(run, events);

    public static Run Current => current;

    public static void Record(BenchEvent e)
    {
        var run = current;
        if (e.Run != run.Id || (uint)e.Sequence >= (uint)run.Deliveries.Length)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (Interlocked.Increment(ref run.Deliveries[e.Sequence]) == 1)
        {
            run.LatenciesMs[e.Sequence] = Stopwatch.GetElapsedTime(e.SentAt, now).TotalMilliseconds;
            Interlocked.Increment(ref run.Distinct);
        }
        Interlocked.Exchange(ref run.LastDeliveredAt, now);
    }

    /// <summary>Waits until <paramref name="events"/> distinct events arrived or <paramref name="timeout"/> passed.</summary>
    public static async Task<bool> WaitForAsync(int events, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref current.Distinct) < events)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(5);
        }
        return true;
    }

    public sealed class Run(int id, int events)
    {
        public int Id { get; } = id;
        public readonly int[] Deliveries = new int[events];
        public readonly double[] LatenciesMs = new double[events];
        public int Distinct;
        public long LastDeliveredAt;
    }
}
