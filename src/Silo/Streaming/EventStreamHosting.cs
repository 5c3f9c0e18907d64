using Marketplace.Common;
using Marketplace.Streaming.Kafka;
using Orleans.Streams;

namespace Marketplace.Silo.Streaming;

public static class EventStreamHosting
{
    /// <summary>
    /// Registers the event stream provider on the backend the <c>Streams</c> section selects. Every subscriber is implicit
    /// (a grain type's <c>[ImplicitStreamSubscription]</c>), so the provider resolves them from grain metadata
    /// (<see cref="StreamPubSubType.ImplicitOnly"/>): with explicit pub-sub as well, the first event on each stream (every
    /// aggregate's own: each order, payment, shipment) wrote a rendezvous grain's state to the PubSubStore, about three
    /// PostgreSQL writes per checkout that no subscriber needed (bench/README.md).
    /// </summary>
    public static ISiloBuilder AddMarketplaceEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(EventStreamOptions.SectionName);
        var streams = section.Get<EventStreamOptions>() ?? new();
        switch (streams.Provider)
        {
            case EventStreamBackend.Kafka:
                silo.AddKafkaStreams(StreamNames.Provider, kafka => section.GetSection(nameof(EventStreamOptions.Kafka)).Bind(kafka), StreamPubSubType.ImplicitOnly);
                break;
            default:
                silo.AddMemoryStreams(StreamNames.Provider, memory => memory.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
                break;
        }
        silo.AddIncomingGrainCallFilter<StreamDeliveryLagFilter>();
        return silo;
    }
}
