using Marketplace.Grains.Search;
using Marketplace.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>
/// The search contract on the real PostgreSQL server (MARKETPLACE_POSTGRES), with the migrations the silo applies,
/// and the relevance of its Russian and English stemming (the 'russian' text search configuration).
/// </summary>
public sealed class PostgresSearchIndexTests(PostgresDatabase database) : SearchIndexContract, IClassFixture<PostgresDatabase>
{
    protected override ISearchIndex Index { get; } = new PostgresSearchIndex(database.DataSource);

    protected override async Task ResetAsync()
    {
        await using var truncate = database.DataSource.CreateCommand("TRUNCATE search_products, search_sellers, search_terms");
        await truncate.ExecuteNonQueryAsync();
    }

    [StoreFact]
    public async Task A_russian_word_finds_its_other_forms()
    {
        var mens = Product("Кроссовки мужские Nimbus", category: "shoes/sneakers");
        var kit = Product("Набор для чистки кроссовок", category: "shoes/care");
        await Given(mens, kit, Product("Ботинки зимние", category: "shoes/boots"), Product("Кроссворды для взрослых", category: "books"));

        Assert.Equal(new[] { mens.ProductId, kit.ProductId }.Order(), Ids(await Search(new ProductSearchQuery("кроссовки"))).Order());
        Assert.Equal([mens.ProductId], Ids(await Search(new ProductSearchQuery("мужская кроссовка"))));
    }

    [StoreFact]
    public async Task An_english_plural_finds_the_singular_and_stop_words_are_not_required()
    {
        var shoe = Product("Running Shoe", category: "shoes/sneakers");
        await Given(shoe, Product("Rain jacket", category: "clothes/jackets"), Product("Shoe rack", category: "home/storage"));

        Assert.Equal([shoe.ProductId], Ids(await Search(new ProductSearchQuery("running shoes"))));
        Assert.Equal([shoe.ProductId], Ids(await Search(new ProductSearchQuery("shoes for running"))));
    }

    [StoreFact]
    public async Task A_title_match_ranks_above_a_brand_and_a_description_match()
    {
        var inDescription = Product("Спортивные носки", description: "Носки под кроссовки для бега", publishedDaysAfterLaunch: 2);
        var inBrand = Product("Сумка спортивная", brand: "Кроссовки и Ко", publishedDaysAfterLaunch: 1);
        var inTitle = Product("Кроссовки беговые", publishedDaysAfterLaunch: 0);
        await Given(inDescription, inBrand, inTitle);

        Assert.Equal([inTitle.ProductId, inBrand.ProductId, inDescription.ProductId], Ids(await Search(new ProductSearchQuery("кроссовки"))));
    }

    [StoreFact]
    public async Task A_misspelt_russian_or_english_word_still_finds_the_product()
    {
        var sneakers = Product("Кроссовки мужские");
        var shoe = Product("Running Shoe");
        await Given(sneakers, shoe, Product("Куртка зимняя"), Product("Rain jacket"));

        Assert.Equal([sneakers.ProductId], Ids(await Search(new ProductSearchQuery("кросовки"))));
        Assert.Equal([sneakers.ProductId], Ids(await Search(new ProductSearchQuery("красовки мужские"))));
        Assert.Equal([shoe.ProductId], Ids(await Search(new ProductSearchQuery("runnign shoes"))));
    }
}
