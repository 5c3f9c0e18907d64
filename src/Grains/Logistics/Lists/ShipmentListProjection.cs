using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>
/// Keeps the shipment lists in step with the shipments stream. Any event of a shipment says that it changed; the
/// projection reads the shipment and writes its row with the shipment's version, so an event that arrives late or twice
/// still leaves the row showing the newest state, and one that only repeats what a newer one wrote changes nothing.
/// </summary>
public sealed class ShipmentListProjection(IShipmentListStore store, IGrainFactory grains, IOptions<LogisticsOptions> options) : IReadModelProjection
{
    public string Name => "shipment-lists";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Shipments];

    public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var shipment = await grains.GetGrain<IShipmentGrain>(Guid.Parse(envelope.AggregateId)).Get();
        await store.ApplyAsync(ShipmentListRow.Of(shipment, options.Value.UpdateDeadline), replaceSameVersion: false, cancellationToken);
    }
}
