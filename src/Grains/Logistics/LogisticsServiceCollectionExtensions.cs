using Marketplace.Common;
using Marketplace.Grains.Logistics.Carrier;
using Marketplace.Grains.Logistics.Lists;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Marketplace.Grains.Logistics;

public static class LogisticsServiceCollectionExtensions
{
    /// <summary>
    /// The logistics context of a silo: shipment timings, the shipment lists' read model (a table in the shipments
    /// store's database), the ordering callbacks, metrics and the resilient carrier client.
    /// </summary>
    public static IServiceCollection AddLogistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogisticsOptions>().BindConfiguration(LogisticsOptions.SectionName)
            .Validate(o => o.UpdateDeadline > TimeSpan.Zero, "Logistics:UpdateDeadline must be positive.")
            .ValidateOnStart();
        services.AddReadModels(configuration);
        services.AddReadModel<IShipmentListStore, ShipmentListProjection, ShipmentListReconciler>(StorageNames.Shipments,
            provider => new InMemoryShipmentListStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddOptions<CarrierOptions>()
            .BindConfiguration(CarrierOptions.SectionName)
            .Validate<IHostEnvironment>((o, host) => host.IsDevelopment() || !DevelopmentSecrets.IsCommitted(o.ApiKey),
                DevelopmentSecrets.Refusal($"{CarrierOptions.SectionName}:{nameof(CarrierOptions.ApiKey)}", "non-Development"))
            .ValidateOnStart();
        services.AddSingleton<IOrderingCallbacks, GrainOrderingCallbacks>();
        services.AddMetrics();
        services.AddSingleton<LogisticsMetrics>();

        services.AddHttpClient<ICarrierClient, CarrierClient>((sp, http) =>
            {
                var carrier = sp.GetRequiredService<IOptions<CarrierOptions>>().Value;
                http.BaseAddress = carrier.BaseUrl;
                http.DefaultRequestHeaders.Add("X-Api-Key", carrier.ApiKey);
                // The resilience handler owns timing; HttpClient's own 100 s default must not cut it short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("carrier", (pipeline, context) =>
            {
                var carrier = context.ServiceProvider.GetRequiredService<IOptions<CarrierOptions>>().Value;
                pipeline
                    .AddTimeout(carrier.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = carrier.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(200),
                        UseJitter = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 3,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = carrier.BreakDuration,
                    })
                    .AddTimeout(carrier.AttemptTimeout);
            });
        return services;
    }
}
