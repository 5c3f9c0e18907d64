using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Search;

namespace Marketplace.Tests.Search;

/// <summary>A client sorts a search and a category listing with the same words, whichever spelling it learned first.</summary>
public sealed class SortSpellingTests
{
    [Theory]
    [InlineData("price-asc", ProductSort.PriceAscending, ListingSort.PriceAscending)]
    [InlineData("price_asc", ProductSort.PriceAscending, ListingSort.PriceAscending)]
    [InlineData("PRICE-DESC", ProductSort.PriceDescending, ListingSort.PriceDescending)]
    [InlineData("price_desc", ProductSort.PriceDescending, ListingSort.PriceDescending)]
    [InlineData("newest", ProductSort.Newest, ListingSort.Newest)]
    public void Both_spellings_sort_a_search_and_a_listing_alike(string sort, ProductSort search, ListingSort listing)
    {
        Assert.True(ProductSorts.TryParse(sort, out var parsed));
        Assert.Equal(search, parsed);
        Assert.Equal(listing, ListingSorts.Parse(sort));
    }

    [Fact]
    public void An_unknown_sort_is_refused_by_both()
    {
        Assert.False(ProductSorts.TryParse("cheapest", out _));
        Assert.Equal("sort", Assert.Throws<ValidationException>(() => ListingSorts.Parse("cheapest")).Errors.Keys.Single());
    }
}
