using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Ordering;

public static class OrderingServiceCollectionExtensions
{
    /// <summary>The ordering grains' options and the order lists' read models (tables in the orders store's database).</summary>
    public static IServiceCollection AddOrdering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReadModels(configuration);
        services.AddReadModel<IOrderListStore, OrderListProjection, ShopperOrderListReconciler>(StorageNames.Orders,
            database => new SqlOrderListStore(database), provider => new InMemoryOrderListStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ReadModelReconciler, SellerOrderListReconciler>();
        var options = configuration.GetSection(OrderingOptions.SectionName).Get<OrderingOptions>() ?? new OrderingOptions();
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderingMetrics>();
        services.AllowReminderPeriod(options.ReminderPeriod);
        return services;
    }
}
