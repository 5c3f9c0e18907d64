using Marketplace.Common;
using Marketplace.Logistics;
using Orleans.Concurrency;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>Serves the shipment lists from their table; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class ShipmentListsGrain(IShipmentListStore store, TimeProvider clock) : Grain, IShipmentListsGrain
{
    public Task<PagedList<ShipmentSummary>> Page(ShipmentList list, int page, int pageSize, string? after = null) =>
        store.PageAsync(list, clock.GetUtcNow(), page, pageSize, after, CancellationToken.None);
}
