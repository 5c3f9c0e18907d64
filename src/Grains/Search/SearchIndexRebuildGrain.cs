using System.Diagnostics;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Search;
using Marketplace.Sellers;

namespace Marketplace.Grains.Search;

/// <summary>
/// Re-reads every product and seller from its grain and writes it to the index. Products are found through the
/// catalog's listings: the category listings name every seller with a published product, and each seller's listing
/// names all its products in any status, so cards unpublished while events were lost are taken out too.
/// Not reentrant: two rebuilds never interleave.
/// </summary>
public sealed class SearchIndexRebuildGrain(ISearchIndex index, TimeProvider clock) : Grain, ISearchIndexRebuildGrain
{
    private const int Parallelism = 16;

    public async Task<SearchRebuildReport> Rebuild()
    {
        var started = Stopwatch.GetTimestamp();
        var sellers = new HashSet<Guid>();
        foreach (var root in Categories.All.Where(c => c.ParentId is null))
        {
            await foreach (var summary in Listing(ProductListings.ForCategory(root.Id), publishedOnly: true))
            {
                sellers.Add(summary.SellerId);
            }
        }

        var products = 0;
        foreach (var sellerId in sellers)
        {
            var summaries = new List<ProductSummary>();
            await foreach (var summary in Listing(ProductListings.ForSeller(sellerId), publishedOnly: false))
            {
                summaries.Add(summary);
            }
            foreach (var batch in summaries.Chunk(Parallelism))
            {
                await Task.WhenAll(batch.Select(s => ReindexProduct(sellerId, s.ProductId)));
            }
            products += summaries.Count;
            var seller = await GrainFactory.GetGrain<ISellerGrain>(sellerId).Get();
            await index.UpsertSellerAsync(SearchDocuments.Of(sellerId, seller.Details.DisplayName, seller.Status, seller.Version));
        }
        return new SearchRebuildReport(products, sellers.Count, Stopwatch.GetElapsedTime(started));
    }

    private async Task ReindexProduct(Guid sellerId, Guid productId)
    {
        // Catalog event sequences are at least their publishing time in UTC ticks (ProductGrain). Stamping the snapshot
        // with the time just before reading it makes every event published after the read win over it, and every
        // event published before it lose, whichever reaches the index first.
        var sequence = clock.GetUtcNow().UtcTicks;
        var product = await GrainFactory.GetGrain<IProductGrain>(productId).GetForSeller(sellerId);
        await index.UpsertProductAsync(SearchDocuments.Of(product, sequence));
    }

    private async IAsyncEnumerable<ProductSummary> Listing(string key, bool publishedOnly)
    {
        var listing = GrainFactory.GetGrain<IProductListingGrain>(key);
        for (var page = 1; ; page++)
        {
            var result = await listing.Query(new ListingQuery(page, Paging.MaxPageSize, ListingSort.Newest, publishedOnly));
            foreach (var item in result.Items)
            {
                yield return item;
            }
            if ((long)page * result.PageSize >= result.Total)
            {
                yield break;
            }
        }
    }
}
