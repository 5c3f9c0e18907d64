using Marketplace.Catalog;
using Marketplace.Common;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// Stock of one variant. The grain runs one call at a time, so racing orders are serialised here and no
/// reservation ever takes more than is free. Every change is persisted before it is acknowledged, then reported
/// to the product grain so shoppers and search see the new availability.
/// </summary>
public sealed class InventoryGrain(
    [PersistentState("inventory", StorageNames.Products)] IPersistentState<InventoryGrain.InventoryState> state)
    : Grain, IInventoryGrain
{
    // Enough to recognise a retried adjustment; an older retry is a caller bug, not a network hiccup.
    private const int RememberedAdjustments = 256;

    private InventoryState State => state.State;

    public Task<StockLevel> Get() => Task.FromResult(Level);

    public async Task<StockLevel> Reserve(Guid orderId, int quantity)
    {
        if (quantity <= 0)
        {
            throw new ValidationException("quantity", "The quantity must be positive.");
        }
        if (State.Reservations.TryGetValue(orderId, out var held))
        {
            return held == quantity
                ? Level
                : throw new ConflictException($"Order {orderId} already holds {held} units of {Sku}, not {quantity}.");
        }
        if (State.Sold.ContainsKey(orderId) || State.Returned.Contains(orderId))
        {
            return Level;
        }
        if (Level.Available < quantity)
        {
            throw new ConflictException($"Only {Level.Available} units of {Sku} are available, {quantity} requested.");
        }

        State.Reservations[orderId] = quantity;
        return await Save();
    }

    public async Task<StockLevel> Commit(Guid orderId)
    {
        if (State.Sold.ContainsKey(orderId) || State.Returned.Contains(orderId))
        {
            return Level;
        }
        if (!State.Reservations.Remove(orderId, out var quantity))
        {
            throw new ConflictException($"Order {orderId} holds no units of {Sku} to commit.");
        }

        State.OnHand -= quantity;
        State.Sold[orderId] = quantity;
        return await Save();
    }

    public async Task<StockLevel> Release(Guid orderId) =>
        State.Reservations.Remove(orderId) ? await Save() : Level;

    public async Task<StockLevel> Restock(Guid orderId)
    {
        if (!State.Sold.Remove(orderId, out var quantity))
        {
            return Level;
        }

        State.OnHand += quantity;
        State.Returned.Add(orderId);
        return await Save();
    }

    public async Task<StockLevel> SetOnHand(int onHand)
    {
        if (Amounts.StockError(onHand) is { } error)
        {
            throw new ValidationException("onHand", error);
        }
        var reserved = Level.Reserved;
        if (onHand < reserved)
        {
            throw new ConflictException($"{reserved} units of {Sku} are reserved by orders; on-hand cannot go below that.");
        }
        if (onHand == State.OnHand)
        {
            return Level;
        }

        State.OnHand = onHand;
        return await Save();
    }

    public async Task<StockLevel> Adjust(int delta, string operationId)
    {
        if (string.IsNullOrWhiteSpace(operationId))
        {
            throw new ValidationException("operationId", "An operation id is required so a retry does not apply twice.");
        }
        if (State.Adjustments.Contains(operationId))
        {
            return Level;
        }
        if (delta is < -Amounts.MaxStock or > Amounts.MaxStock || (long)State.OnHand + delta > Amounts.MaxStock)
        {
            throw new ValidationException("delta", $"An adjustment moves at most {Amounts.MaxStock} units and leaves at most {Amounts.MaxStock} on hand.");
        }
        if (State.OnHand + delta < Level.Reserved)
        {
            throw new ConflictException($"Removing {-delta} units of {Sku} would leave fewer on hand than the {Level.Reserved} reserved.");
        }

        State.OnHand += delta;
        State.Adjustments.Enqueue(operationId);
        while (State.Adjustments.Count > RememberedAdjustments)
        {
            State.Adjustments.Dequeue();
        }
        return await Save();
    }

    private StockLevel Level => new(State.OnHand, State.Reservations.Values.Sum());

    private string Sku => ParseKey(this.GetPrimaryKeyString()).Sku;

    private async Task<StockLevel> Save()
    {
        State.Revision++;
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

        var level = Level;
        var (productId, sku) = ParseKey(this.GetPrimaryKeyString());
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
        [Id(2)] public Dictionary<Guid, int> Sold { get; set; } = [];
        [Id(3)] public HashSet<Guid> Returned { get; set; } = [];
        [Id(4)] public Queue<string> Adjustments { get; set; } = new();
        [Id(5)] public long Revision { get; set; }
    }
}
