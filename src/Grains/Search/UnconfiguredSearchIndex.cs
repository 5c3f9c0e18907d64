using Marketplace.Search;
using Microsoft.Extensions.Logging;

namespace Marketplace.Grains.Search;

/// <summary>The index of a silo configured without a search engine: writes are dropped, queries fail and say why.</summary>
internal sealed class UnconfiguredSearchIndex(ILogger<UnconfiguredSearchIndex> logger) : ISearchIndex
{
    private const string Reason = "Search is not configured: set Search:Postgres (or Storage:Postgres) or Search:Engine=Elasticsearch.";

    public Task<bool> UpsertProductAsync(ProductDocument product, CancellationToken cancellationToken = default) => Dropped();

    public Task<bool> UpsertSellerAsync(SellerDocument seller, CancellationToken cancellationToken = default) => Dropped();

    public Task<ProductSearchResult> SearchProductsAsync(ProductSearchQuery query, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(Reason);

    public Task<SellerSearchResult> SearchSellersAsync(SellerSearchQuery query, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(Reason);

    private Task<bool> Dropped()
    {
        logger.LogDebug(Reason);
        return Task.FromResult(false);
    }
}
