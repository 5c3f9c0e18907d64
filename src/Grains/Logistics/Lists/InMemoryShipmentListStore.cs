using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Lists;

/// <summary>The Memory profile's shipment lists: the same rows, filters, order and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryShipmentListStore(IGrainFactory grains) : IShipmentListStore
{
    private IMemoryTableGrain<ShipmentListRow> Table => grains.GetGrain<IMemoryTableGrain<ShipmentListRow>>("logistics-shipments");

    public Task<bool> ApplyAsync(ShipmentListRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(row.Summary.ShipmentId, row.Version, row, replaceSameVersion);

    public async Task<ShipmentListRow?> FindAsync(Guid shipmentId, CancellationToken cancellationToken) => (await Table.Find(shipmentId))?.Row;

    public Task RemoveAsync(Guid shipmentId, CancellationToken cancellationToken) => Table.Remove(shipmentId);

    public async Task<PagedList<ShipmentSummary>> PageAsync(ShipmentList list, DateTimeOffset now, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ShipmentListPosition>(after);
        var sign = list.NewestFirst() ? -1 : 1;
        var listed = (await Table.Rows()).Where(r => r.IsOn(list, now)).Select(r => (Row: r, At: r.PositionOn(list)))
            .OrderBy(r => r.At, Comparer<ShipmentListPosition>.Create((a, b) => sign * Compare(a, b))).ToList();
        var rows = KeysetCursor.Window(listed.Where(r => from is null || sign * Compare(r.At, from) > 0), from is not null, page, pageSize);
        var paged = KeysetCursor.Page(rows, page, pageSize, listed.Count, r => r.At);
        return new PagedList<ShipmentSummary>(paged.Items.Select(r => r.Row.Summary).ToList(), page, pageSize, paged.Total, paged.Next);
    }

    public async IAsyncEnumerable<Guid> IdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table.Rows())
        {
            yield return row.Summary.ShipmentId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();

    private static int Compare(ShipmentListPosition a, ShipmentListPosition b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id);
}
