using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Bench.KafkaStreams;

public static class BenchStream
{
    public const string Provider = "bench";
    public const string Namespace = "bench";
}

/// <summary><paramref name="SentAt"/> is a <see cref="Stopwatch"/> timestamp: publisher and subscriber share the process.</summary>
[GenerateSerializer, Immutable]
public sealed record BenchEvent([property: Id(0)] int Sequence, [property: Id(1)] long SentAt);

public interface IBenchSubscriber : IGrainWithStringKey;

[ImplicitStreamSubscription(BenchStream.Namespace)]
public sealed class BenchSubscriber : Grain, IBenchSubscriber, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BenchEvent>().ResumeAsync((e, _) =>
        {
            LatencyRecorder.Record(Stopwatch.GetElapsedTime(e.SentAt).TotalMilliseconds);
            return Task.CompletedTask;
        });
}

/// <summary>Every end-to-end latency of the run (no sampling), in milliseconds.</summary>
public static class LatencyRecorder
{
    private static ConcurrentQueue<double> latencies = new();

    public static void Record(double milliseconds) => latencies.Enqueue(milliseconds);

    public static void Reset() => latencies = new ConcurrentQueue<double>();

    public static double[] Snapshot() => latencies.ToArray();

    public static async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (latencies.Count < count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"only {latencies.Count} of {count} events arrived within {timeout}");
            }
            await Task.Delay(10);
        }
    }
}
