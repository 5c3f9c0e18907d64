using Marketplace.Common;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Marketplace.Grains.Ordering;

public static class OrderingServiceCollectionExtensions
{
    /// <summary>The ordering grains' options and the order lists' and purchase history's read models (tables in the orders store's database).</summary>
    public static IServiceCollection AddOrdering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReadModels(configuration);
        services.AddReadModel<IOrderListStore, OrderListProjection, ShopperOrderListReconciler>(StorageNames.Orders,
            provider => new InMemoryOrderListStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ReadModelReconciler, SellerOrderListReconciler>();
        services.AddReadModel<IPurchaseHistoryStore, PurchaseHistoryProjection, PurchaseHistoryReconciler>(StorageNames.Orders,
            provider => new InMemoryPurchaseHistoryStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddOptions<OrderingOptions>().BindConfiguration(OrderingOptions.SectionName)
            .Validate(o => o.PaymentTimeout > TimeSpan.Zero && o.PaymentCheckInterval > TimeSpan.Zero && o.MaxLines > 0,
                "Ordering: PaymentTimeout and PaymentCheckInterval must be positive, and MaxLines at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderingMetrics>();
        services.AddSingleton<RenamedEffectTypes>();
        services.AddSingleton<ITypeConverter>(provider => provider.GetRequiredService<RenamedEffectTypes>());
        services.AddSingleton<ITypeNameFilter>(provider => provider.GetRequiredService<RenamedEffectTypes>());
        return services;
    }
}
