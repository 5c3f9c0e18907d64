using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Integration;

public static class IntegrationServiceCollectionExtensions
{
    /// <summary>Forwarding of domain events to the integrators' Kafka topics (the <c>IntegratorTopics</c> section).</summary>
    public static IServiceCollection AddIntegratorTopics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntegratorTopicsOptions>().BindConfiguration(IntegratorTopicsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IntegratorTopicProducer>();
        foreach (var domain in IntegratorTopics.Domains)
        {
            services.AddSingleton<IReadModelProjection>(provider => new IntegratorTopicConsumer(provider.GetRequiredService<IntegratorTopicProducer>(), domain));
        }
        return services;
    }
}
