using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Bench.KafkaStreams;

public static class BenchStream
{
    public const string Provider = "bench";

    /// <summary>Streams every <see cref="ImplicitBenchSubscriber"/> hears by implicit subscription.</summary>
    public const string ImplicitNamespace = "bench-implicit";

    /// <summary>Streams an <see cref="ExplicitBenchSubscriber"/> subscribed to through pub-sub.</summary>
    public const string ExplicitNamespace = "bench-explicit";
}

/// <summary>
/// <paramref name="SentAt"/> is the <see cref="Stopwatch"/> timestamp the event was due to be published at (publisher
/// and subscribers share the process, so the clock is the same); a publisher that falls behind shows as latency.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BenchEvent([property: Id(0)] int Run, [property: Id(1)] int Sequence, [property: Id(2)] long SentAt);

public interface IImplicitBenchSubscriber : IGrainWithStringKey;

[ImplicitStreamSubscription(BenchStream.ImplicitNamespace)]
public sealed class ImplicitBenchSubscriber : Grain, IImplicitBenchSubscriber, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BenchEvent>().ResumeAsync((e, _) =>
        {
            DeliveryRecorder.Record(e);
            return Task.CompletedTask;
        });
}

public interface IExplicitBenchSubscriber : IGrainWithStringKey
{
    /// <summary>Subscribes to the stream named like this grain, unless already subscribed.</summary>
    Task SubscribeAsync();
}

public sealed class ExplicitBenchSubscriber : Grain, IExplicitBenchSubscriber
{
    public async Task SubscribeAsync()
    {
        var stream = this.GetStreamProvider(BenchStream.Provider)
            .GetStream<BenchEvent>(StreamId.Create(BenchStream.ExplicitNamespace, this.GetPrimaryKeyString()));
        if ((await stream.GetAllSubscriptionHandles()).Count == 0)
        {
            await stream.SubscribeAsync((e, _) =>
            {
                DeliveryRecorder.Record(e);
                return Task.CompletedTask;
            });
        }
    }
}
