using Marketplace.Search;

namespace Marketplace.Grains.Search;

/// <summary>
/// The search engine behind the shoppers' search: PostgreSQL full-text by default, Elasticsearch in production.
/// Writes are ordered by each document's <c>Sequence</c>/<c>Version</c>: a write older than what the index holds
/// is ignored, so replayed or reordered events never bring back stale data. An unlisted document stays in the
/// index as a tombstone (invisible to queries) so that an older "listed" write cannot resurrect it.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Writes the product unless the index already holds a higher sequence; false when ignored as stale.</summary>
    Task<bool> UpsertProductAsync(ProductDocument product, CancellationToken cancellationToken = default);

    Task<ProductSearchResult> SearchProductsAsync(ProductSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Writes the seller unless the index already holds a higher version; false when ignored as stale.</summary>
    Task<bool> UpsertSellerAsync(SellerDocument seller, CancellationToken cancellationToken = default);

    Task<SellerSearchResult> SearchSellersAsync(SellerSearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// A product as the index stores it. <see cref="Listed"/> is false for drafts and archived cards: they are kept
/// as tombstones and never returned. <see cref="Price"/> is the lowest variant price.
/// </summary>
public sealed record ProductDocument(
    Guid ProductId,
    long Sequence,
    bool Listed,
    Guid SellerId,
    string Title,
    string Description,
    string Category,
    string Brand,
    decimal Price,
    string Currency,
    bool InStock,
    string? Image,
    DateTimeOffset PublishedAt)
{
    /// <summary>The category and its ancestors ("electronics/phones" → "electronics", "electronics/phones"), for subtree filters.</summary>
    public IReadOnlyList<string> CategoryPath
    {
        get
        {
            var parts = Category.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return Enumerable.Range(1, parts.Length).Select(n => string.Join('/', parts.Take(n))).ToList();
        }
    }

    public ProductHit ToHit() => new(ProductId, SellerId, Title, Category, Brand, Price, Currency, InStock, Image, PublishedAt);
}

/// <summary>A seller as the index stores it; only active sellers are <see cref="Listed"/>.</summary>
public sealed record SellerDocument(Guid SellerId, long Version, bool Listed, string DisplayName);
