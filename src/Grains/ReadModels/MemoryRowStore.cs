using System.Runtime.CompilerServices;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The Memory profile's read-model store: the rows in one memory table grain, keyed by <paramref name="keyOf"/> and kept by
/// the tables' version rule. What every such store does alike lives here, so each states only its filters and order.
/// </summary>
public abstract class MemoryRowStore<TRow>(IGrainFactory grains, string table, Func<TRow, Guid> keyOf, Func<TRow, long> versionOf)
    where TRow : class
{
    private IMemoryTableGrain<TRow> Table => grains.GetGrain<IMemoryTableGrain<TRow>>(table);

    /// <summary>Stores the row unless a newer version is there (or the same one, unless <paramref name="replaceSameVersion"/>); false when ignored.</summary>
    public Task<bool> ApplyAsync(TRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(keyOf(row), versionOf(row), row, replaceSameVersion);

    public async Task<TRow?> FindAsync(Guid key, CancellationToken cancellationToken) => (await Table.Find(key))?.Row;

    public Task RemoveAsync(Guid key, CancellationToken cancellationToken) => Table.Remove(key);

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();

    protected Task<List<TRow>> RowsAsync() => Table.Rows();

    protected async IAsyncEnumerable<Guid> KeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table.Rows())
        {
            yield return keyOf(row);
        }
    }
}
