using Marketplace.Catalog;
using Marketplace.Common;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// One listing held in memory and persisted as a whole: a write per change that alters a summary, reads
/// served from sorted arrays built once per change. Sized for thousands of products per category; see docs/catalog.md.
/// </summary>
public sealed class ProductListingGrain(
    [PersistentState("listing", StorageNames.Products)] IPersistentState<ProductListingGrain.ListingState> state)
    : Grain, IProductListingGrain
{
    private readonly Dictionary<(ListingSort, bool), ProductSummary[]> _sorted = [];

    public async Task Upsert(ProductSummary summary)
    {
        if (state.State.Items.TryGetValue(summary.ProductId, out var current) && current == summary)
        {
            return;
        }
        state.State.Items[summary.ProductId] = summary;
        await Save();
    }

    public async Task Remove(Guid productId)
    {
        if (state.State.Items.Remove(productId))
        {
            await Save();
        }
    }

    public Task<PagedList<ProductSummary>> Query(ListingQuery query) =>
        Task.FromResult(Sorted(query.Sort, query.PublishedOnly).ToPage(query.Page, query.PageSize));

    private ProductSummary[] Sorted(ListingSort sort, bool publishedOnly)
    {
        if (_sorted.TryGetValue((sort, publishedOnly), out var cached))
        {
            return cached;
        }

        var items = state.State.Items.Values.Where(s => !publishedOnly || s.Released);
        // Ties fall back to newest first, then the id, so pages never shuffle between requests.
        var ordered = sort switch
        {
            ListingSort.PriceAscending => items.OrderBy(s => s.Price).ThenByDescending(Recency),
            ListingSort.PriceDescending => items.OrderByDescending(s => s.Price).ThenByDescending(Recency),
            _ => items.OrderByDescending(Recency),
        };
        return _sorted[(sort, publishedOnly)] = ordered.ThenBy(s => s.ProductId).ToArray();
    }

    private static DateTimeOffset Recency(ProductSummary summary) => summary.PublishedAt ?? summary.CreatedAt;

    private async Task Save()
    {
        _sorted.Clear();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    [GenerateSerializer]
    public sealed class ListingState
    {
        [Id(0)] public Dictionary<Guid, ProductSummary> Items { get; set; } = [];
    }
}
