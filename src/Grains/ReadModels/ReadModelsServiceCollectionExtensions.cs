using Marketplace.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.ReadModels;

public static class ReadModelsServiceCollectionExtensions
{
    /// <summary>
    /// The projection infrastructure every read model uses: the databases of the projection tables, delivery with
    /// retries (<c>Projections</c> section), the dead-letter store (next to the stream pub-sub state, in the
    /// <see cref="StorageNames.PubSub"/> store's database; memory in the Memory profile) and the stored aggregates'
    /// keys a consistency check walks.
    /// </summary>
    public static IServiceCollection AddReadModels(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ProjectionDelivery)))
        {
            return services;
        }
        services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.SectionName)
            .Validate(o => o.RetryBudget > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay
                           && o.AttemptTimeout > TimeSpan.Zero, "Projections: every duration must be positive and MaxRetryDelay at least FirstRetryDelay.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<StoredAggregates>();
        services.TryAddSingleton<ProjectionMetrics>();
        services.TryAddSingleton<ProjectionDelivery>();
        services.TryAddSingleton<StreamProjections>();
        services.TryAddSingleton(provider => ReadModelTables.For<IDeadLetterStore>(provider, StorageNames.PubSub, _ => new InMemoryDeadLetterStore()));
        return services;
    }

    /// <summary>
    /// Registers one read model: its store (the tables of the <paramref name="store"/>'s database, built by the
    /// relational adapter, or <paramref name="inMemory"/> in the Memory profile), its projection and its reconciler.
    /// </summary>
    public static IServiceCollection AddReadModel<TStore, TProjection, TReconciler>(this IServiceCollection services, string store,
        Func<IServiceProvider, TStore> inMemory)
        where TStore : class
        where TProjection : class, IReadModelProjection
        where TReconciler : ReadModelReconciler
    {
        services.AddSingleton(provider => ReadModelTables.For(provider, store, inMemory));
        services.AddSingleton<TProjection>();
        services.AddSingleton<IReadModelProjection>(provider => provider.GetRequiredService<TProjection>());
        services.AddSingleton<ReadModelReconciler, TReconciler>();
        return services;
    }
}
