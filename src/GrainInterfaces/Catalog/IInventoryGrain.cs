namespace Marketplace.Catalog;

/// <summary>
/// Stock of one variant, keyed by <see cref="InventoryKey.For"/>. Reservations are idempotent per order id:
/// checkout may retry any call after a crash and stock still adds up.
/// </summary>
public interface IInventoryGrain : IGrainWithStringKey
{
    Task<StockLevel> Get();

    /// <summary>Holds <paramref name="quantity"/> units for the order, or throws ConflictException when too few are free.</summary>
    Task<StockLevel> Reserve(Guid orderId, int quantity);

    /// <summary>Turns the order's reservation into a sale (the units leave stock for good).</summary>
    Task<StockLevel> Commit(Guid orderId);

    /// <summary>Returns the order's reserved units to free stock; a no-op when nothing is held.</summary>
    Task<StockLevel> Release(Guid orderId);

    /// <summary>
    /// Puts back the <paramref name="quantity"/> units the order's sub-order sold (its cancellation or a failed delivery),
    /// once per order: the stock keeps no record of each sale, so the sub-order says how many.
    /// </summary>
    Task<StockLevel> Restock(Guid orderId, int quantity);

    /// <summary>Sets the on-hand count (a stock-take); ConflictException when fewer than the units already reserved.</summary>
    Task<StockLevel> SetOnHand(int onHand);

    /// <summary>Adds or removes on-hand units once per <paramref name="operationId"/>; never below the reserved units.</summary>
    Task<StockLevel> Adjust(int delta, string operationId);
}

[GenerateSerializer, Immutable]
public sealed record StockLevel(
    [property: Id(0)] int OnHand,
    [property: Id(1)] int Reserved)
{
    public int Available => OnHand - Reserved;
}

public static class InventoryKey
{
    public static string For(Guid productId, string sku) => $"{productId:N}/{sku}";
}
