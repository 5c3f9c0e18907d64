using Marketplace.Grains.Common;
using Marketplace.Grains.Payments.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Polly;
using Npgsql;

namespace Marketplace.Grains.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>The payments context: the processor's HTTP client with its resilience pipeline and the payments store.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PaymentsOptions.SectionName).Get<PaymentsOptions>() ?? new PaymentsOptions();
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AllowReminderPeriod(options.ReminderPeriod);

        services.AddHttpClient<PaymentGatewayClient>(client => client.BaseAddress = options.GatewayUrl)
            .AddResilienceHandler("payment-gateway", pipeline =>
            {
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
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.AddSingleton<IPaymentRecordStore>(_ => CreateStore(options, configuration));
        return services;
    }

    private static IPaymentRecordStore CreateStore(PaymentsOptions options, IConfiguration configuration)
    {
        var kind = options.Store;
        if (kind == PaymentStoreKind.Auto)
        {
            kind = string.Equals(configuration["Storage:Profile"], "Durable", StringComparison.OrdinalIgnoreCase)
                ? PaymentStoreKind.Postgres
                : PaymentStoreKind.Memory;
        }
        switch (kind)
        {
            case PaymentStoreKind.Postgres:
                var postgres = options.PostgresConnectionString ?? configuration["Storage:Stores:payments"] ?? configuration["Storage:Postgres"]
                    ?? throw new InvalidOperationException("The payments store needs Payments:PostgresConnectionString or Storage:Postgres.");
                return new PostgresPaymentRecordStore(NpgsqlDataSource.Create(postgres));
            case PaymentStoreKind.Mongo:
                var url = MongoUrl.Create(options.MongoConnectionString
                    ?? throw new InvalidOperationException("The payments store needs Payments:MongoConnectionString."));
                return new MongoPaymentRecordStore(new MongoClient(url).GetDatabase(url.DatabaseName ?? "marketplace"));
            default:
                return new InMemoryPaymentRecordStore();
        }
    }
}
