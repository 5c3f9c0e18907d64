using Marketplace.Catalog;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.ReadModels;
using Marketplace.Search;
using Marketplace.Sellers;

namespace Marketplace.Grains.Search;

/// <summary>
/// Re-reads every product and seller from its grain and writes it to the index. Products are the stored product
/// grains and whatever the catalog's tables list (CatalogListingReconciler.CatalogProductIds), so cards unpublished
/// while events were lost are taken out too; sellers are those products' sellers. Not reentrant: two rebuilds never
/// interleave.
/// </summary>
public sealed class SearchIndexRebuildGrain(ISearchIndex index, ICatalogListingStore listings, StoredAggregates aggregates, TimeProvider clock)
    : Grain, ISearchIndexRebuildGrain
{
    private const int Parallelism = 16;

    public async Task<SearchRebuildReport> Rebuild()
    {
        var started = clock.GetTimestamp();
        var sellers = new HashSet<Guid>();
        var products = new HashSet<Guid>();
        var batch = new List<Guid>(Parallelism);
        await foreach (var productId in CatalogListingReconciler.CatalogProductIds(aggregates, listings, CancellationToken.None))
        {
            if (products.Add(productId))
            {
                batch.Add(productId);
            }
            if (batch.Count == Parallelism)
            {
                sellers.UnionWith((await Task.WhenAll(batch.Select(ReindexProduct))).OfType<Guid>());
                batch.Clear();
            }
        }
        sellers.UnionWith((await Task.WhenAll(batch.Select(ReindexProduct))).OfType<Guid>());

        foreach (var sellerId in sellers)
        {
            var seller = await GrainFactory.GetGrain<ISellerGrain>(sellerId).Get();
            await index.UpsertSellerAsync(SearchDocuments.Of(sellerId, seller.Details.DisplayName, seller.Status, seller.Version));
        }
        return new SearchRebuildReport(products.Count, sellers.Count, clock.GetElapsedTime(started));
    }

    /// <summary>Reindexes one product; its seller, or null when the product does not exist.</summary>
    private async Task<Guid?> ReindexProduct(Guid productId)
    {
        // Catalog event sequences are at least their publishing time in UTC ticks (ProductGrain). Stamping the snapshot
        // with the time just before reading it makes every event published after the read win over it, and every
        // event published before it lose, whichever reaches the index first.
        var sequence = clock.GetUtcNow().UtcTicks;
        if (await GrainFactory.GetGrain<IProductGrain>(productId).Find() is not { } product)
        {
            return null;
        }
        await index.UpsertProductAsync(SearchDocuments.Of(product, sequence));
        return product.SellerId;
    }
}
