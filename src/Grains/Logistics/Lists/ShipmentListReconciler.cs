using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;
using Marketplace.ReadModels;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>Compares the shipment lists with the shipment grains (read model <c>shipments</c>).</summary>
public sealed class ShipmentListReconciler(IGrainFactory grains, IShipmentListStore store, StoredAggregates aggregates, IOptions<LogisticsOptions> options)
    : RowPerAggregateReconciler<ShipmentListRow>
{
    public override string ReadModel => ReadModelNames.Shipments;

    protected override IAsyncEnumerable<Guid> AggregateIdsAsync(CancellationToken cancellationToken) =>
        aggregates.GuidKeysAsync(StorageNames.Shipments, "shipment", "shipment", cancellationToken).Concat(store.IdsAsync(cancellationToken));

    protected override async Task<ShipmentListRow> ReadAggregateAsync(Guid id) =>
        ShipmentListRow.Of(await grains.GetGrain<IShipmentGrain>(id).Get(), options.Value.UpdateDeadline);

    protected override Task<ShipmentListRow?> FindRowAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    protected override Task RemoveRowAsync(Guid id, CancellationToken cancellationToken) => store.RemoveAsync(id, cancellationToken);

    protected override Task RepairRowAsync(ShipmentListRow row, CancellationToken cancellationToken) =>
        store.ApplyAsync(row, replaceSameVersion: true, cancellationToken);

    protected override Task ClearAsync(CancellationToken cancellationToken) => store.ClearAsync(cancellationToken);
}
