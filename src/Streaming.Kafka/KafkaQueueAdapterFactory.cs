using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Marketplace.Streaming.Kafka;

/// <summary>
/// Builds the Kafka provider's parts: one queue per partition on a hash ring (streams hash to queues, silos own
/// ranges of the ring), an in-memory cache per queue whose fill level is the back-pressure signal, and the adapter.
/// </summary>
public sealed class KafkaQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string providerName;
    private readonly KafkaStreamOptions options;
    private readonly Serializer<KafkaBatchContainer> serializer;
    private readonly ILoggerFactory loggerFactory;
    private readonly HashRingBasedStreamQueueMapper queueMapper;
    private readonly SimpleQueueAdapterCache cache;

    private KafkaQueueAdapterFactory(string providerName, KafkaStreamOptions options, SimpleQueueCacheOptions cacheOptions,
        Serializer<KafkaBatchContainer> serializer, ILoggerFactory loggerFactory)
    {
        this.providerName = providerName;
        this.options = options;
        this.serializer = serializer;
        this.loggerFactory = loggerFactory;
        queueMapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.Partitions }, providerName);
        cache = new SimpleQueueAdapterCache(cacheOptions, providerName, loggerFactory);
    }

    public static KafkaQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetOptionsByName<KafkaStreamOptions>(name),
        services.GetOptionsByName<SimpleQueueCacheOptions>(name),
        services.GetRequiredService<Serializer<KafkaBatchContainer>>(),
        services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new KafkaQueueAdapter(providerName, options, queueMapper, serializer, loggerFactory));

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => queueMapper;

    // A batch no subscriber accepts within the delivery timeout is skipped, like every Orleans persistent provider
    // does by default; subscribers see it again only if the silo restarts before the offset moves past it.
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
