using Marketplace.Common;
using Marketplace.Streaming.Kafka;

namespace Marketplace.Silo.Streaming;

public static class EventStreamHosting
{
    /// <summary>Registers the event stream provider on the backend the <c>Streams</c> section selects.</summary>
    public static ISiloBuilder AddMarketplaceEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(EventStreamOptions.SectionName);
        var streams = section.Get<EventStreamOptions>() ?? new();
        switch (streams.Provider)
        {
            case EventStreamBackend.Kafka:
                silo.AddKafkaStreams(StreamNames.Provider, kafka => section.GetSection(nameof(EventStreamOptions.Kafka)).Bind(kafka));
                break;
            default:
                silo.AddMemoryStreams(StreamNames.Provider);
                break;
        }
        silo.AddIncomingGrainCallFilter<StreamDeliveryLagFilter>();
        return silo;
    }
}
