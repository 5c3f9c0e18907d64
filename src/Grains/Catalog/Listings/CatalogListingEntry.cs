using Marketplace.Catalog;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Grains.Catalog.Listings;

/// <summary>
/// What the catalog's read model holds of one product: its summary, the category listings it appears in (the leaf
/// and its ancestors while it is visible, none otherwise), and the version of the event it was projected from
/// (ProductChanged.Sequence), by which every write is ordered.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CatalogListingEntry(
    [property: Id(0)] ProductSummary Summary,
    [property: Id(1)] IReadOnlyList<string> Categories,
    [property: Id(2)] long Version)
{
    public static CatalogListingEntry Of(ProductSnapshot product, long version) =>
        new(ProductSummary.Of(product), product.Visible ? Marketplace.Catalog.Categories.SelfAndAncestors(product.Category).ToList() : [], version);

    /// <summary>Whether two entries list the same thing, whatever their versions.</summary>
    public bool Lists(CatalogListingEntry other) =>
        Summary == other.Summary && Categories.Order(StringComparer.Ordinal).SequenceEqual(other.Categories.Order(StringComparer.Ordinal));

    public static long Recency(ProductSummary summary) => (summary.PublishedAt ?? summary.CreatedAt).UtcTicks;
}

/// <summary>
/// The orders a listing is read in and the keyset cursor of each: newest first, or by price with the newest first
/// among equal prices; the product id breaks the last ties, so pages never shuffle. The cursor (<c>after</c>) names
/// the last row of a page; a malformed one is a ValidationException on <c>after</c>.
/// </summary>
public static class ListingOrder
{
    public sealed record Position(decimal Price, long Recency, Guid ProductId);

    public static Position Of(ProductSummary summary) => new(summary.Price, CatalogListingEntry.Recency(summary), summary.ProductId);

    public static Position? Decode(string? cursor) => KeysetCursor.Decode<Position>(cursor);

    /// <summary>The SQL ORDER BY of the sort and the keyset condition "after @price/@recency/@id" (columns price, recency, product_id).</summary>
    public static (string OrderBy, string After) Sql(ListingSort sort) => sort switch
    {
        ListingSort.PriceAscending => ("price ASC, recency DESC, product_id DESC",
            "(price > @price OR (price = @price AND (recency < @recency OR (recency = @recency AND product_id < @id))))"),
        ListingSort.PriceDescending => ("price DESC, recency DESC, product_id DESC",
            "(price < @price OR (price = @price AND (recency < @recency OR (recency = @recency AND product_id < @id))))"),
        _ => ("recency DESC, product_id DESC", "(recency < @recency OR (recency = @recency AND product_id < @id))"),
    };

    /// <summary>The same order in memory (the Memory profile's store).</summary>
    public static IEnumerable<ProductSummary> Sort(IEnumerable<ProductSummary> items, ListingSort sort, Position? after)
    {
        var comparer = Comparer(sort);
        var ordered = items.Order(comparer);
        if (after is null)
        {
            return ordered;
        }
        var anchor = new ProductSummary(after.ProductId, Guid.Empty, "", "", "", after.Price, "", false, null, ProductStatus.Published, 0,
            new DateTimeOffset(after.Recency, TimeSpan.Zero), null);
        return ordered.Where(s => comparer.Compare(s, anchor) > 0);
    }

    private static Comparer<ProductSummary> Comparer(ListingSort sort) => Comparer<ProductSummary>.Create((a, b) =>
    {
        var byPrice = sort switch
        {
            ListingSort.PriceAscending => a.Price.CompareTo(b.Price),
            ListingSort.PriceDescending => b.Price.CompareTo(a.Price),
            _ => 0,
        };
        if (byPrice != 0)
        {
            return byPrice;
        }
        var byRecency = CatalogListingEntry.Recency(b).CompareTo(CatalogListingEntry.Recency(a));
        return byRecency != 0 ? byRecency : b.ProductId.CompareTo(a.ProductId);
    });
}
