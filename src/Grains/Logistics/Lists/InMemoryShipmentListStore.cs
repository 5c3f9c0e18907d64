using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>The Memory profile's shipment lists: the same rows, filters, order and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryShipmentListStore(IGrainFactory grains)
    : MemoryRowStore<ShipmentListRow>(grains, "logistics-shipments", r => r.Summary.ShipmentId, r => r.Version), IShipmentListStore
{
    public async Task<PagedList<ShipmentSummary>> PageAsync(ShipmentList list, DateTimeOffset now, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        var sign = list.NewestFirst() ? -1 : 1;
        var listed = (await RowsAsync()).Where(r => r.IsOn(list, now)).Select(r => (Row: r, At: r.PositionOn(list))).ToList();
        var paged = KeysetCursor.PageInMemory<(ShipmentListRow Row, ShipmentListPosition At), ShipmentListPosition>(listed, page, pageSize, after,
            (rows, from) => rows.OrderBy(r => r.At, Comparer<ShipmentListPosition>.Create((a, b) => sign * Compare(a, b)))
                .Where(r => from is null || sign * Compare(r.At, from) > 0), r => r.At);
        return new PagedList<ShipmentSummary>(paged.Items.Select(r => r.Row.Summary).ToList(), page, pageSize, paged.Total, paged.Next);
    }

    public IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private static int Compare(ShipmentListPosition a, ShipmentListPosition b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id);
}
