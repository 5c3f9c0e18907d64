using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Payments.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Marketplace.Grains.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>The payments context: the processor's HTTP client with its resilience pipeline and the payments store.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PaymentsMetrics>();

        services.AddHttpClient<PaymentGatewayClient>((provider, client) => client.BaseAddress = Settings(provider).GatewayUrl)
            .AddResilienceHandler("payment-gateway", (pipeline, context) =>
            {
                var options = Settings(context.ServiceProvider);
                var metrics = context.ServiceProvider.GetRequiredService<PaymentsMetrics>();
                pipeline.AddTimeout(options.CallTimeout);
                // POSTs are retried too: every call carries an idempotency key, so a repeat cannot move money twice.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.QuickRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    MinimumThroughput = 10,
                    FailureRatio = 0.5,
                    BreakDuration = options.CircuitBreakDuration,
                    OnOpened = _ =>
                    {
                        metrics.CircuitOpened();
                        return default;
                    },
                    OnClosed = _ =>
                    {
                        metrics.CircuitClosed();
                        return default;
                    },
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.AddSingleton<IPaymentRecordStore>(provider => DocumentStores.Resolve(Settings(provider).Store, configuration) switch
        {
            DocumentStoreKind.Memory => new InMemoryPaymentRecordStore(),
            var engine => provider.Adapter<IPaymentRecordStore>(engine),
        });
        return services;
    }

    private static PaymentsOptions Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<PaymentsOptions>>().Value;
}
