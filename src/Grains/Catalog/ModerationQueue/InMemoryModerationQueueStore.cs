using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>The Memory profile's queue: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryModerationQueueStore(IGrainFactory grains)
    : MemoryRowStore<ModerationQueueRow>(grains, "catalog-moderation-queue", r => r.ProductId, r => r.Version), IModerationQueueStore
{
    public async Task<PagedList<ModerationCase>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var queued = (await RowsAsync()).Select(r => r.Case).OfType<ModerationCase>().ToList();
        return KeysetCursor.PageInMemory<ModerationCase, ModerationQueuePosition>(queued, page, pageSize, after, (rows, from) => rows
            .OrderBy(c => c.Since.UtcTicks).ThenBy(c => c.ProductId)
            .Where(c => from is null || c.Since.UtcTicks > from.Since || (c.Since.UtcTicks == from.Since && c.ProductId.CompareTo(from.ProductId) > 0)),
            ModerationQueuePosition.Of);
    }

    public IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);
}
