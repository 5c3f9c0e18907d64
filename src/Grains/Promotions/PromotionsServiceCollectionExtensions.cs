using Marketplace.Common;
using Marketplace.Grains.Promotions.Lists;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Grains.Promotions;

public static class PromotionsServiceCollectionExtensions
{
    /// <summary>
    /// The operators' list of promo codes, a projection table in the orders store's database (the codes' grain state
    /// lives in the orders store too: a code's redemptions are checkout's money). It has no consistency check: the
    /// checks walk aggregates by Guid key, and a code is keyed by its text.
    /// </summary>
    public static IServiceCollection AddPromotions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReadModels(configuration);
        services.AddSingleton(provider => ReadModelTables.For<IPromoCodeListStore>(provider, StorageNames.Orders,
            inMemory => new InMemoryPromoCodeListStore(inMemory.GetRequiredService<IGrainFactory>())));
        services.AddSingleton<PromoCodeListProjection>();
        services.AddSingleton<IReadModelProjection>(provider => provider.GetRequiredService<PromoCodeListProjection>());
        return services;
    }
}
