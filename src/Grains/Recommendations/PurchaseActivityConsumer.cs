using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Recommendations;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// Records a paid order as its shopper's purchase activity: the order's lines, one entry per product. Redelivery of
/// OrderPaid republishes the same activity event id, which the activity subscribers drop.
/// </summary>
public sealed class PurchaseActivityConsumer(IGrainFactory grains) : IReadModelProjection
{
    public string Name => "purchase-activity";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Orders];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.Data is not OrderPaid paid)
        {
            return;
        }
        var order = await grains.GetGrain<IOrderGrain>(paid.OrderId).Get();
        var items = order.Lines
            .GroupBy(l => l.ProductId)
            .Select(g => new PurchasedItem(g.Key, g.First().Title, g.Sum(l => l.Quantity)))
            .ToList();
        await grains.GetGrain<IShopperActivityGrain>(paid.ShopperId).Purchased(paid.OrderId, items);
    }
}
