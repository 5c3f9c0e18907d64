using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Returns.Lists;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Returns;

public static class ReturnsServiceCollectionExtensions
{
    /// <summary>
    /// The returns context of a silo: its rules (windows per category, the seller's deadline, the refund's retries) and
    /// the return lists' read model (a table in the orders store's database).
    /// </summary>
    public static IServiceCollection AddReturns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReadModels(configuration);
        services.AddReadModel<IReturnListStore, ReturnListProjection, ReturnListReconciler>(StorageNames.Orders,
            provider => new InMemoryReturnListStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddOptions<ReturnsOptions>().BindConfiguration(ReturnsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReturnsOptions>, ReturnsOptionsValidation>();
        return services;
    }

    private sealed class ReturnsOptionsValidation : IValidateOptions<ReturnsOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReturnsOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
