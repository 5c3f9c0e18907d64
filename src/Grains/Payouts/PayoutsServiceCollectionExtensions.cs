using Marketplace.Common;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.Payouts;

public static class PayoutsServiceCollectionExtensions
{
    /// <summary>
    /// Commission, the seller ledger and payouts (docs/payouts.md): the <c>Payouts</c> options, the ledger's tables in
    /// the payments store's database (memory in the Memory profile) and its projection from the orders stream.
    /// </summary>
    public static IServiceCollection AddPayouts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PayoutsOptions>().BindConfiguration(PayoutsOptions.SectionName)
            .Validate(o => !o.Problems().Any(), "Payouts: DefaultCommissionPercent 0-100, MinimumPayout ≥ 0.01, ScheduleInterval ≥ 1 min, "
                                                + "FirstRetryDelay > 0 ≤ MaxRetryDelay, RunBatchSize 1-10,000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddReadModels(configuration);
        services.AddSingleton(provider => ReadModelTables.For<ISellerLedgerStore>(provider, StorageNames.Payments, _ => new InMemorySellerLedgerStore()));
        services.AddSingleton<SellerLedgerProjection>();
        services.AddSingleton<IReadModelProjection>(provider => provider.GetRequiredService<SellerLedgerProjection>());
        return services;
    }
}
