using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.Cart;

public static class CartServiceCollectionExtensions
{
    public static IServiceCollection AddCart(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CartOptions>().BindConfiguration(CartOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CartMetrics>();
        return services;
    }
}
