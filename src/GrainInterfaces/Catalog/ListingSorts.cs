using Marketplace.Common;

namespace Marketplace.Catalog;

/// <summary>
/// The <c>sort</c> query parameter of listings: <c>newest</c> (default), <c>price-asc</c>, <c>price-desc</c>; the search's
/// spellings (<c>price_asc</c>, <c>price_desc</c>) are taken too, so a client sorts a listing and a search alike.
/// </summary>
public static class ListingSorts
{
    public static ListingSort Parse(string? sort) => sort?.ToLowerInvariant() switch
    {
        null or "" or "newest" => ListingSort.Newest,
        "price" or "price-asc" or "price_asc" => ListingSort.PriceAscending,
        "-price" or "price-desc" or "price_desc" => ListingSort.PriceDescending,
        _ => throw new ValidationException("sort", "Sort by newest, price-asc or price-desc."),
    };
}
