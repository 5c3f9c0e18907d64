using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payouts;
using Marketplace.Returns.Events;

namespace Marketplace.Grains.Payouts.Ledger;

/// <summary>
/// Posts the ledger's entries from the orders and returns streams: a sub-order's delivered event becomes its sale
/// entry (what the shopper paid, the commission of each line's category at the rate of the moment, and the platform-funded
/// discount the event's price breakdown carries),
/// a return's <see cref="RefundIssued"/> its refund entry (with the sale's share of commission given back); each keyed
/// by the event's id, so a redelivery or a replayed dead letter posts nothing twice.
/// </summary>
public sealed class SellerLedgerProjection(ISellerLedgerStore ledger, IGrainFactory grains) : IReadModelProjection
{
    public string Name => "seller-ledger";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Orders, StreamNames.Returns];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        switch (envelope.Data)
        {
            case SellerOrderStatusChanged { Status: SellerOrderStatus.Delivered } delivered:
                if (await ledger.FindAsync(envelope.EventId, cancellationToken) is null)
                {
                    var sale = await Sale(envelope.EventId, delivered);
                    await ledger.PostAsync(envelope.EventId, delivered.SellerId, envelope.OccurredAt, saleOf: null,
                        context => LedgerPostingRules.Sale(sale, context.Position), cancellationToken);
                }
                break;
            case RefundIssued refunded:
                var refund = new IssuedRefund(envelope.EventId, refunded.SellerId, refunded.SellerOrderId, refunded.AmountMinor);
                await ledger.PostAsync(envelope.EventId, refunded.SellerId, envelope.OccurredAt, saleOf: refunded.SellerOrderId,
                    context => LedgerPostingRules.Refund(refund, context.Sale
                        ?? throw new InvalidOperationException($"The sale of sub-order {refunded.SellerOrderId} is not in the ledger yet; the refund waits for it."),
                        context.Position), cancellationToken);
                break;
        }
    }

    private async Task<DeliveredSale> Sale(Guid sourceId, SellerOrderStatusChanged delivered)
    {
        var subOrder = await grains.GetGrain<ISellerOrderGrain>(delivered.SellerOrderId).Get();
        var rates = await grains.GetGrain<ICommissionRatesGrain>(0).Get();
        var categories = new Dictionary<Guid, string>();
        foreach (var productId in subOrder.Lines.Select(l => l.ProductId).Distinct())
        {
            // A product removed since keeps no category: the default rate applies.
            categories[productId] = (await grains.GetGrain<IProductGrain>(productId).Find())?.Category ?? "";
        }
        var lines = subOrder.Lines
            .Select(l => new SaleLine(categories[l.ProductId], Money.ToMinor(l.Gross), Commission.CommissionPolicy.PercentFor(rates, categories[l.ProductId])))
            .ToList();
        // The lines are at the seller's price (a seller's sale already lowered it); the platform's promo code is the breakdown's.
        var platformDiscount = Money.ToMinor(delivered.Breakdown?.PromoDiscount ?? 0);
        return new DeliveredSale(sourceId, delivered.SellerId, delivered.SellerOrderId, lines, platformDiscount);
    }
}
