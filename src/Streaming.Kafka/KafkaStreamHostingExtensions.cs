using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace Marketplace.Streaming.Kafka;

public static class KafkaStreamHostingExtensions
{
    /// <summary>
    /// Adds a persistent stream provider named <paramref name="name"/> that keeps its streams in Kafka; with
    /// <see cref="StreamPubSubType.ImplicitOnly"/> it serves implicit subscriptions only, without the pub-sub store.
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions> configure,
        StreamPubSubType pubSub = StreamPubSubType.ExplicitGrainBasedAndImplicit)
    {
        var configurator = new SiloPersistentStreamConfigurator(name, services => builder.ConfigureServices(services), KafkaQueueAdapterFactory.Create);
        configurator.Configure<KafkaStreamOptions>(options => options.Configure(configure).ValidateOnStart());
        configurator.ConfigureStreamPubSub(pubSub);
        configurator.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<KafkaStreamOptions>>((pulling, kafka) =>
            pulling.GetQueueMsgsTimerPeriod = kafka.Get(name).PullingPeriod));
        configurator.ConfigureDelegate(services =>
        {
            services.ConfigureNamedOptionForLogging<KafkaStreamOptions>(name);
            AddValidation(services);
        });
        return builder;
    }

    /// <summary>Lets a cluster client publish to (and subscribe through the silos to) the Kafka stream provider.</summary>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<KafkaStreamOptions> configure)
    {
        var configurator = new ClusterClientPersistentStreamConfigurator(name, builder, KafkaQueueAdapterFactory.Create);
        configurator.Configure<KafkaStreamOptions>(options => options.Configure(configure).ValidateOnStart());
        configurator.ConfigureDelegate(AddValidation);
        return builder;
    }

    private static void AddValidation(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaStreamOptions>, KafkaStreamOptionsValidator>());
}
