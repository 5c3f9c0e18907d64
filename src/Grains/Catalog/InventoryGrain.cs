using Marketplace.Catalog;
using Marketplace.Common;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The shell of one variant's stock (<see cref="InventoryCore"/> decides). The grain runs one call at a time, so racing
/// orders are serialised here and no reservation ever takes more than is free. Every change is persisted before it is
/// acknowledged, then reported to the product grain, which writes the availability shoppers see with its event.
/// </summary>
public sealed class InventoryGrain(
    [PersistentState("inventory", StorageNames.Products)] IPersistentState<InventoryGrain.InventoryState> state,
    IOptions<CatalogOptions> options)
    : Grain, IInventoryGrain
{
    private InventoryState State => state.State;

    public Task<StockLevel> Get() => Task.FromResult(InventoryCore.Level(State));

    public Task<StockLevel> Reserve(Guid orderId, int quantity) => Handle(new ReserveStock(orderId, quantity));

    public Task<StockLevel> Commit(Guid orderId) => Handle(new CommitReservation(orderId));

    public Task<StockLevel> Release(Guid orderId) => Handle(new ReleaseReservation(orderId));

    public Task<StockLevel> Restock(Guid orderId, int quantity) => Handle(new RestockOrder(orderId, quantity));

    public Task<StockLevel> SetOnHand(int onHand) => Handle(new SetOnHand(onHand));

    public Task<StockLevel> Adjust(int delta, string operationId) => Handle(new AdjustStock(delta, operationId));

    private async Task<StockLevel> Handle(InventoryCommand command)
    {
        var (productId, sku) = ParseKey(this.GetPrimaryKeyString());
        var events = InventoryCore.Decide(State, sku, command);
        if (events.Count == 0)
        {
            return InventoryCore.Level(State);
        }
        foreach (var happened in events)
        {
            InventoryCore.Apply(State, happened, options.Value.Inventory.RememberedCommits);
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change is in memory but not stored: drop the activation so the next call starts from the store.
            DeactivateOnIdle();
            throw;
        }

        // One-way: the product may be the caller (a seller's stock-take), waiting for this very answer.
        var level = InventoryCore.Level(State);
        await GrainFactory.GetGrain<IProductGrain>(productId).OnStockChanged(sku, level, State.Revision);
        return level;
    }

    private static (Guid ProductId, string Sku) ParseKey(string key)
    {
        var slash = key.IndexOf('/');
        return (Guid.ParseExact(key[..slash], "N"), key[(slash + 1)..]);
    }

    [GenerateSerializer]
    public sealed class InventoryState
    {
        [Id(0)] public int OnHand { get; set; }
        [Id(1)] public Dictionary<Guid, int> Reservations { get; set; } = [];
        [Id(4)] public Queue<string> Adjustments { get; set; } = new();
        [Id(5)] public long Revision { get; set; }
        [Id(6)] public Queue<Guid> RecentCommits { get; set; } = new();
    }
}
