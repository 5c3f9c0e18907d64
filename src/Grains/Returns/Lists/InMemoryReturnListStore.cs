using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns.Lists;

/// <summary>The Memory profile's return lists: the same rows, order and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryReturnListStore(IGrainFactory grains)
    : MemoryRowStore<ReturnListRow>(grains, "returns-list", r => r.Summary.ReturnId, r => r.Version), IReturnListStore
{
    public async Task<PagedList<ReturnSummary>> PageAsync(ReturnParty party, Guid partyId, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        var listed = (await RowsAsync()).Where(r => r.IsOf(party, partyId)).Select(r => r.Summary).ToList();
        return KeysetCursor.PageInMemory<ReturnSummary, ReturnListPosition>(listed, page, pageSize, after, (rows, from) => rows
            .OrderByDescending(s => s.RequestedAt.UtcTicks).ThenByDescending(s => s.ReturnId)
            .Where(s => from is null || Before(ReturnListPosition.Of(s), from)), ReturnListPosition.Of);
    }

    public IAsyncEnumerable<Guid> IdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private static bool Before(ReturnListPosition row, ReturnListPosition cursor) =>
        row.RequestedAt < cursor.RequestedAt || (row.RequestedAt == cursor.RequestedAt && row.Id.CompareTo(cursor.Id) < 0);
}
