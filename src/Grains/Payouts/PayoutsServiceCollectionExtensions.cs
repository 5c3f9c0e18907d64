using Marketplace.Common;
using Marketplace.Grains.Payments;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Grains.Payouts.Lists;
using Marketplace.Grains.Payouts.Processing;
using Marketplace.Grains.Payouts.Runs;
using Marketplace.Grains.ReadModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Payouts;

public static class PayoutsServiceCollectionExtensions
{
    /// <summary>
    /// Commission, the seller ledger and payouts (docs/payouts.md): the <c>Payouts</c> options, the ledger's tables in
    /// the payments store's database (memory in the Memory profile) and its projection from the orders stream, the
    /// payout lists and their projection from the payouts stream, the processor's payout client (on
    /// <c>Payments:GatewayUrl</c>) and the schedule's start.
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
        services.AddSingleton(provider => ReadModelTables.For<IPayoutListStore>(provider, StorageNames.Payments,
            memory => new InMemoryPayoutListStore(memory.GetRequiredService<IGrainFactory>())));
        services.AddSingleton<PayoutListProjection>();
        services.AddSingleton<IReadModelProjection>(provider => provider.GetRequiredService<PayoutListProjection>());
        // One attempt per call, bounded: an unanswered payout goes back to the payout's own back-off, with the same key.
        services.AddHttpClient<PayoutProcessorClient>((provider, client) =>
            {
                var payments = provider.GetRequiredService<IOptions<PaymentsOptions>>().Value;
                (client.BaseAddress, client.Timeout) = (payments.GatewayUrl, payments.CallTimeout);
            });
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PayoutScheduleStartup>();
        return services;
    }
}
