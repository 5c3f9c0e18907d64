using Marketplace.Common;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Payouts;
using Marketplace.Returns.Events;
using Marketplace.Tests.Events;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Payouts;

/// <summary>
/// The schedule and the refund posting in a cluster (memory storage and streams, in-memory reminders) paying through the
/// card processor's process: the slot's reminder starts the run by itself and pays the seller, and a return's refund
/// reaches the ledger from the returns stream.
/// </summary>
public sealed class PayoutScheduleTests
{
    [Fact]
    public async Task The_schedule_starts_its_slots_run_by_itself_and_a_refund_issued_by_a_return_is_posted_once_with_the_commission_given_back()
    {
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:GatewayUrl"] = processor.BaseAddress.ToString(),
            ["Payouts:ScheduleEnabled"] = "true",
            ["Payouts:ScheduleInterval"] = "00:01:00",
        });
        var grains = cluster.Client;
        var ledger = cluster.Silos[0].ServiceProvider.GetRequiredService<ISellerLedgerStore>();
        var (sellerId, subOrderId) = (await grains.ActiveSeller("Scheduled shop"), Guid.NewGuid());
        var sale = new DeliveredSale(Guid.NewGuid(), sellerId, subOrderId, [new SaleLine("home/kitchen", 100_000, 10m)], 0);
        await ledger.PostAsync(sale.SourceId, sellerId, DateTimeOffset.UtcNow, null, context => LedgerPostingRules.Sale(sale, context.Position), default);

        var payout = await Eventually.Until(async () => (await grains.GetGrain<IPayoutListsGrain>(0).Payouts(null, sellerId, null, false, 1, 10, null)).Items.SingleOrDefault(),
            p => p?.Status == PayoutStatus.Paid, TimeSpan.FromSeconds(100), "the scheduled run to pay the seller within its one-minute slot");

        var run = await grains.GetGrain<IPayoutRunGrain>(payout!.RunId).Get();
        Assert.Equal(PayoutTrigger.Schedule, run.Trigger);
        Assert.Equal(PayoutIds.ScheduledRun(new DateTimeOffset(run.StartedAt.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero)), run.RunId);
        Assert.Equal(90_000, payout.AmountMinor);

        // The return's refund comes after the seller was paid out: 200.00 back to the shopper, 20.00 of the commission
        // back to the seller, and the 180.00 its balance no longer holds become its debt, posted once however often delivered.
        var refund = EventEnvelope.Wrap(Guid.NewGuid().ToString(),
            new RefundIssued(Guid.NewGuid(), Guid.NewGuid(), subOrderId, sellerId, Guid.NewGuid(), Guid.NewGuid(), 20_000, "RUB"), DateTimeOffset.UtcNow);
        await grains.GetGrain<IEventSourceGrain>(refund.AggregateId).EmitEnvelope(StreamNames.Returns, refund);
        await grains.GetGrain<IEventSourceGrain>(refund.AggregateId).EmitEnvelope(StreamNames.Returns, refund);
        await Eventually.Until(async () => await ledger.FindAsync(refund.EventId, default) is not null, TimeSpan.FromSeconds(30), "the refund posted");
        Assert.Equal(new SellerPosition(0, 18_000), await ledger.PositionAsync(sellerId, default));
        var trial = await ledger.TrialBalanceAsync(default);
        Assert.Equal(0, trial.SumMinor);
        Assert.Equal(4, trial.Entries);
    }
}
