using System.Runtime.CompilerServices;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns.Lists;

/// <summary>The Memory profile's return lists: the same rows, order and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryReturnListStore(IGrainFactory grains) : IReturnListStore
{
    private IMemoryTableGrain<ReturnListRow> Table => grains.GetGrain<IMemoryTableGrain<ReturnListRow>>("returns-list");

    public Task<bool> ApplyAsync(ReturnListRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(row.Summary.ReturnId, row.Version, row, replaceSameVersion);

    public async Task<ReturnListRow?> FindAsync(Guid returnId, CancellationToken cancellationToken) => (await Table.Find(returnId))?.Row;

    public Task RemoveAsync(Guid returnId, CancellationToken cancellationToken) => Table.Remove(returnId);

    public async Task<PagedList<ReturnSummary>> PageAsync(ReturnParty party, Guid partyId, int page, int pageSize, string? after,
        CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ReturnListPosition>(after);
        var listed = (await Table.Rows()).Where(r => r.IsOf(party, partyId)).Select(r => r.Summary)
            .OrderByDescending(s => s.RequestedAt.UtcTicks).ThenByDescending(s => s.ReturnId).ToList();
        var rows = KeysetCursor.Window(listed.Where(s => from is null || Before(ReturnListPosition.Of(s), from)), from is not null, page, pageSize);
        return KeysetCursor.Page(rows, page, pageSize, listed.Count, ReturnListPosition.Of);
    }

    public async IAsyncEnumerable<Guid> IdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table.Rows())
        {
            yield return row.Summary.ReturnId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();

    private static bool Before(ReturnListPosition row, ReturnListPosition cursor) =>
        row.RequestedAt < cursor.RequestedAt || (row.RequestedAt == cursor.RequestedAt && row.Id.CompareTo(cursor.Id) < 0);
}
