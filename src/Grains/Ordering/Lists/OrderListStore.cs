using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>The two order lists: a shopper's orders and a seller's sub-orders, each a table of its own.</summary>
public enum OrderList
{
    /// <summary><c>ordering_shopper_orders</c>: one row per order, owned by its shopper.</summary>
    Shopper,

    /// <summary><c>ordering_seller_orders</c>: one row per sub-order, owned by its seller.</summary>
    Seller,
}

/// <summary>
/// One row of an order list: the summary, its owner (shopper or seller) and the aggregate's version it shows (the
/// length of its status history, which grows with every transition).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderListRow(
    [property: Id(0)] OrderSummary Summary,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] long Version);

/// <summary>
/// The order lists' projection tables (migration 0810). A row is written only from a newer version than the stored
/// one, so redelivered and reordered events change nothing; a repair may also rewrite a row of the same version.
/// </summary>
public interface IOrderListStore
{
    Task<bool> ApplyAsync(OrderList list, OrderListRow row, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<OrderListRow?> FindAsync(OrderList list, Guid id, CancellationToken cancellationToken);

    Task RemoveAsync(OrderList list, Guid id, CancellationToken cancellationToken);

    /// <summary>The owner's rows, newest first (placed time, then id).</summary>
    Task<PagedList<OrderSummary>> PageAsync(OrderList list, Guid ownerId, int page, int pageSize, string? after, CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> IdsAsync(OrderList list, CancellationToken cancellationToken);

    Task ClearAsync(OrderList list, CancellationToken cancellationToken);

    /// <summary>
    /// The owners whose kept total differs from their rows (rewritten from the rows when <paramref name="repair"/>);
    /// none in a store that counts the rows at each read.
    /// </summary>
    Task<List<TotalDrift>> CheckTotalsAsync(OrderList list, bool repair, CancellationToken cancellationToken) => Task.FromResult(new List<TotalDrift>());
}

/// <summary>Where a keyset page of an order list resumes: the last row's placed time and id.</summary>
public sealed record OrderListPosition(long PlacedAt, Guid Id)
{
    public static OrderListPosition Of(OrderSummary summary) => new(summary.PlacedAt.UtcTicks, summary.Id);
}
