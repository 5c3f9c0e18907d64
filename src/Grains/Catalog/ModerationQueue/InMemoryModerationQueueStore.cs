using System.Runtime.CompilerServices;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>The Memory profile's queue: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryModerationQueueStore(IGrainFactory grains) : IModerationQueueStore
{
    private IMemoryTableGrain<ModerationQueueRow> Table => grains.GetGrain<IMemoryTableGrain<ModerationQueueRow>>("catalog-moderation-queue");

    public Task<bool> ApplyAsync(ModerationQueueRow row, bool replaceSameVersion, CancellationToken cancellationToken) =>
        Table.Upsert(row.ProductId, row.Version, row, replaceSameVersion);

    public async Task<ModerationQueueRow?> FindAsync(Guid productId, CancellationToken cancellationToken) => (await Table.Find(productId))?.Row;

    public Task RemoveAsync(Guid productId, CancellationToken cancellationToken) => Table.Remove(productId);

    public async Task<PagedList<ModerationCase>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<ModerationQueuePosition>(after);
        var queued = (await Table.Rows()).Select(r => r.Case).OfType<ModerationCase>().ToList();
        var ordered = queued.OrderBy(c => c.Since.UtcTicks).ThenBy(c => c.ProductId)
            .Where(c => from is null || c.Since.UtcTicks > from.Since || (c.Since.UtcTicks == from.Since && c.ProductId.CompareTo(from.ProductId) > 0));
        return KeysetCursor.Page(KeysetCursor.Window(ordered, from is not null, page, pageSize), page, pageSize, queued.Count, ModerationQueuePosition.Of);
    }

    public async IAsyncEnumerable<Guid> ProductIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await Table.Rows())
        {
            yield return row.ProductId;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken) => Table.Clear();
}
