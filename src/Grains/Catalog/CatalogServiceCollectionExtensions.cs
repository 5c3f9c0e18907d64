using Marketplace.Common;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.Catalog.ModerationQueue;
using Marketplace.Grains.Moderation;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Grains.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// What the catalog and seller grains need in a silo (product moderation included), the listings' and the moderation queue's read models
    /// (tables in the products store's database), and the demo data when Catalog:DemoData:Enabled.
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReadModels(configuration);
        services.AddReadModel<ICatalogListingStore, CatalogListingProjection, CatalogListingReconciler>(StorageNames.Products,
            provider => new InMemoryCatalogListingStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddReadModel<IModerationQueueStore, ModerationQueueProjection, ModerationQueueReconciler>(StorageNames.Products,
            provider => new InMemoryModerationQueueStore(provider.GetRequiredService<IGrainFactory>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DemoCatalogSeeder>();
        services.AddContentModeration();
        services.TryAddSingleton<ProductModerationRules>();
        services.AddMetrics();
        services.TryAddSingleton<ProductModerationMetrics>();
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.SectionName)
            .Validate<IHostEnvironment>((o, host) => !o.DemoData.Enabled
                    || (o.DemoData.Password.Length > 0 && (host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.DemoData.Password))),
                $"Catalog:DemoData:Password must be set when demo data is seeded, and outside Development not to the committed value " +
                "(deploy/local/up.sh generates one per install).")
            .Validate(o => o.Inventory.RememberedCommits is >= 1 and <= 100_000, "Catalog:Inventory:RememberedCommits must be between 1 and 100000.")
            .ValidateOnStart();
        // Seeds only when Catalog:DemoData:Enabled.
        services.AddHostedService<DemoCatalogStartup>();
        return services;
    }
}
