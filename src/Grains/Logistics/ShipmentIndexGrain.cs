using Marketplace.Common;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics;

/// <summary>One party's shipments (a courier's, a seller's, a shopper's, one order's, or the overdue list), kept by the shipment grains.</summary>
/// <remarks>
/// The state name is unique across the marketplace on purpose: ADO.NET storage keys a row by state name and grain key,
/// not by grain type, so another index grain keyed <c>seller/{id}</c> under a plain "index" would share this one's row.
/// </remarks>
public sealed class ShipmentIndexGrain(
    [PersistentState("shipment-index", StorageNames.Shipments)] IPersistentState<ShipmentIndexGrain.IndexState> state) : Grain, IShipmentIndexGrain
{
    public async Task Upsert(ShipmentSummary summary)
    {
        if (state.State.Shipments.TryGetValue(summary.ShipmentId, out var current) && current == summary)
        {
            return;
        }
        state.State.Shipments[summary.ShipmentId] = summary;
        await state.WriteStateAsync();
    }

    public async Task Remove(Guid shipmentId)
    {
        if (state.State.Shipments.Remove(shipmentId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<PagedList<ShipmentSummary>> List(int page, int pageSize) =>
        Task.FromResult(state.State.Shipments.Values.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.ShipmentId).ToPage(page, pageSize));

    [GenerateSerializer]
    public sealed class IndexState
    {
        [Id(0)] public Dictionary<Guid, ShipmentSummary> Shipments { get; set; } = [];
    }
}
