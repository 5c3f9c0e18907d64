using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering.Lists;

/// <summary>The Memory profile's order lists: the same rows and version rule as the tables, one memory table grain per list.</summary>
public sealed class InMemoryOrderListStore(IGrainFactory grains) : IOrderListStore
{
    private IMemoryTableGrain<OrderListRow> Table(OrderList list) => grains.GetGrain<IMemoryTableGrain<OrderListRow>>($"{list}-orders");

    public Task<bool> ApplyAsync(OrderList list, OrderListRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table(list).Upsert(row.Summary.Id, row.Version, row, replaceSameVersion);

    public async Task<OrderListRow?> FindAsync(OrderList list, Guid id, CancellationToken cancellationToken) => (await Table(list).Find(id))?.Row;

    public Task RemoveAsync(OrderList list, Guid id, CancellationToken cancellationToken) => Table(list).Remove(id);

    public async Task<PagedList<OrderSummary>> PageAsync(OrderList list, Guid ownerId, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        var owned = (await Table(list).Rows()).Where(r => r.OwnerId == ownerId).Select(r => r.Summary).ToList();
        return KeysetCursor.PageInMemory<OrderSummary, OrderListPosition>(owned, page, pageSize, after, (rows, from) => rows
            .OrderByDescending(s => s.PlacedAt.UtcTicks).ThenByDescending(s => s.Id)
            .Where(s => from is null || s.PlacedAt.UtcTicks < from.PlacedAt || (s.PlacedAt.UtcTicks == from.PlacedAt && s.Id.CompareTo(from.Id) < 0)),
            OrderListPosition.Of);
    }

    public async IAsyncEnumerable<Guid> IdsAsync(OrderList list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table(list).Rows())
        {
            yield return row.Summary.Id;
        }
    }

    public Task ClearAsync(OrderList list, CancellationToken cancellationToken) => Table(list).Clear();
}
