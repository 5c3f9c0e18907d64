using Marketplace.Common;

namespace Marketplace.Catalog;

/// <summary>The <c>sort</c> query parameter of listings: <c>newest</c> (default), <c>price-asc</c>, <c>price-desc</c>.</summary>
public static class ListingSorts
{
    public static ListingSort Parse(string? sort) => sort?.ToLowerInvariant() switch
    {
        null or "" or "newest" => ListingSort.Newest,
        "price" or "price-asc" => ListingSort.PriceAscending,
        "-price" or "price-desc" => ListingSort.PriceDescending,
        _ => throw new ValidationException("sort", "Sort by newest, price-asc or price-desc."),
    };
}
