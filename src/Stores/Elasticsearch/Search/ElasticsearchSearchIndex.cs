using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport.Products.Elasticsearch;
using Marketplace.Search;

namespace Marketplace.Grains.Search;

/// <summary>
/// The search index in Elasticsearch (the production engine). Ordering rides on Elasticsearch's external
/// versioning: a document's sequence is its _version with version_type external_gte, so the server itself
/// refuses a write older than the one it holds. Typo tolerance is fuzzy matching (AUTO edit distance).
/// </summary>
public sealed class ElasticsearchSearchIndex(ElasticsearchClient client, string indexPrefix) : ISearchIndex
{
    private const string Title = "title";
    private const string Description = "description";
    private const string Category = "category";
    private const string CategoryPath = "categoryPath";
    private const string Brand = "brand";
    private const string BrandKey = "brandKey";
    private const string Price = "price";
    private const string SellerId = "sellerId";
    private const string InStock = "inStock";
    private const string Listed = "listed";
    private const string PublishedAt = "publishedAt";
    private const string DisplayName = "displayName";
    private const string ProductId = "productId";

    /// <summary>Title, brand, category and description in one field, so words spread over several fields still all match.</summary>
    private const string AllText = "allText";

    private volatile bool _indicesExist;

    public string ProductsIndex { get; } = $"{indexPrefix}products";
    public string SellersIndex { get; } = $"{indexPrefix}sellers";

    /// <summary>Creates both indices with their mappings unless they exist.</summary>
    public async Task EnsureIndicesAsync(CancellationToken cancellationToken = default)
    {
        if (_indicesExist)
        {
            return;
        }

        await CreateUnlessExistsAsync(ProductsIndex, new Properties
        {
            { ProductId, new KeywordProperty() },
            { Title, new TextProperty { CopyTo = AllText } },
            { Description, new TextProperty { CopyTo = AllText } },
            { Category, new KeywordProperty { CopyTo = AllText } },
            { CategoryPath, new KeywordProperty() },
            { Brand, new KeywordProperty { CopyTo = AllText } },
            { AllText, new TextProperty() },
            { BrandKey, new KeywordProperty() },
            { Price, new ScaledFloatNumberProperty { ScalingFactor = 100 } },
            { "currency", new KeywordProperty { Index = false } },
            { SellerId, new KeywordProperty() },
            { InStock, new BooleanProperty() },
            { Listed, new BooleanProperty() },
            { "image", new KeywordProperty { Index = false } },
            { PublishedAt, new DateProperty() },
        }, cancellationToken);
        await CreateUnlessExistsAsync(SellersIndex, new Properties
        {
            { SellerId, new KeywordProperty() },
            { DisplayName, new TextProperty { Fields = new Properties { { "sort", new KeywordProperty() } } } },
            { Listed, new BooleanProperty() },
        }, cancellationToken);
        _indicesExist = true;
    }

    public Task<bool> UpsertProductAsync(ProductDocument product, CancellationToken cancellationToken = default) =>
        WriteAsync(ProductsIndex, product.ProductId, EsProduct.From(product), product.Sequence, cancellationToken);

    public Task<bool> UpsertSellerAsync(SellerDocument seller, CancellationToken cancellationToken = default) =>
        WriteAsync(SellersIndex, seller.SellerId, new EsSeller(seller.SellerId, seller.DisplayName, seller.Listed), seller.Version, cancellationToken);

    public async Task<ProductSearchResult> SearchProductsAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        var filters = new List<Query> { new TermQuery(Listed, true) };
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            filters.Add(new TermQuery(CategoryPath, query.Category.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(query.Brand))
        {
            filters.Add(new TermQuery(BrandKey, query.Brand.Trim().ToLowerInvariant()));
        }
        if (query.MinPrice is not null || query.MaxPrice is not null)
        {
            filters.Add(new NumberRangeQuery(Price) { Gte = (double?)query.MinPrice, Lte = (double?)query.MaxPrice });
        }
        if (query.SellerId is { } seller)
        {
            filters.Add(new TermQuery(SellerId, seller.ToString()));
        }
        if (query.InStock == true)
        {
            filters.Add(new TermQuery(InStock, true));
        }

        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var request = new SearchRequest(ProductsIndex)
        {
            From = (query.Page - 1) * query.PageSize,
            Size = query.PageSize,
            TrackTotalHits = new TrackHits(true),
            Query = new BoolQuery
            {
                Filter = filters,
                Must = hasText ? [TextQuery(query.Text!, $"{Title}^3", $"{Brand}^2", Category, Description, AllText)] : null,
            },
            Sort = query.Sort switch
            {
                ProductSort.PriceAscending => [Order(Price, SortOrder.Asc), Order(ProductId, SortOrder.Asc)],
                ProductSort.PriceDescending => [Order(Price, SortOrder.Desc), Order(ProductId, SortOrder.Asc)],
                ProductSort.Relevance when hasText => [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, Order(PublishedAt, SortOrder.Desc), Order(ProductId, SortOrder.Asc)],
                _ => [Order(PublishedAt, SortOrder.Desc), Order(ProductId, SortOrder.Asc)],
            },
            Aggregations = new Dictionary<string, Aggregation>
            {
                [Category] = new TermsAggregation { Field = Category, Size = Facets.Size },
                [Brand] = new TermsAggregation { Field = Brand, Size = Facets.Size, Exclude = new TermsExclude([""]) },
            },
        };

        await EnsureIndicesAsync(cancellationToken);
        var response = await client.SearchAsync<EsProduct>(request, cancellationToken);
        if (!response.IsValidResponse)
        {
            throw Failure("search", response);
        }
        return new ProductSearchResult(
            response.Hits.Select(h => h.Source!.ToHit()).ToList(),
            response.Total,
            query.Page,
            query.PageSize,
            Facets.Top(Buckets(response.Aggregations, Category)),
            Facets.Top(Buckets(response.Aggregations, Brand)));
    }

    public async Task<SellerSearchResult> SearchSellersAsync(SellerSearchQuery query, CancellationToken cancellationToken = default)
    {
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var request = new SearchRequest(SellersIndex)
        {
            From = (query.Page - 1) * query.PageSize,
            Size = query.PageSize,
            TrackTotalHits = new TrackHits(true),
            Query = new BoolQuery
            {
                Filter = [new TermQuery(Listed, true)],
                Must = hasText ? [TextQuery(query.Text!, DisplayName)] : null,
            },
            Sort = hasText
                ? [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, Order($"{DisplayName}.sort", SortOrder.Asc), Order(SellerId, SortOrder.Asc)]
                : [Order($"{DisplayName}.sort", SortOrder.Asc), Order(SellerId, SortOrder.Asc)],
        };
        await EnsureIndicesAsync(cancellationToken);
        var response = await client.SearchAsync<EsSeller>(request, cancellationToken);
        if (!response.IsValidResponse)
        {
            throw Failure("search", response);
        }
        return new SellerSearchResult(
            response.Hits.Select(h => new SellerHit(h.Source!.SellerId, h.Source.DisplayName)).ToList(),
            response.Total, query.Page, query.PageSize);
    }

    /// <summary>
    /// Every word must match, each with typos forgiven (fuzzy), or every word but the last exactly and the
    /// last as a prefix, so a query typed halfway ("wireless headph") finds its product too.
    /// </summary>
    private static Query TextQuery(string text, params string[] fields) => new BoolQuery
    {
        Should =
        [
            new MultiMatchQuery { Query = text, Fields = fields, Operator = Operator.And, Fuzziness = new Fuzziness("AUTO"), Type = TextQueryType.BestFields },
            new MultiMatchQuery { Query = text, Fields = fields, Operator = Operator.And, Type = TextQueryType.BoolPrefix },
        ],
        MinimumShouldMatch = 1,
    };

    private async Task<bool> WriteAsync<T>(string index, Guid id, T document, long version, CancellationToken cancellationToken)
    {
        await EnsureIndicesAsync(cancellationToken);
        var response = await client.IndexAsync(new IndexRequest<T>(document, index, id.ToString())
        {
            Version = version,
            VersionType = VersionType.ExternalGte,
        }, cancellationToken);
        if (response.IsValidResponse)
        {
            return true;
        }
        return response.ApiCallDetails.HttpStatusCode == 409 ? false : throw Failure("write", response);
    }

    private async Task CreateUnlessExistsAsync(string index, Properties properties, CancellationToken cancellationToken)
    {
        var exists = await client.Indices.ExistsAsync(index, cancellationToken);
        if (exists.Exists)
        {
            return;
        }
        var response = await client.Indices.CreateAsync(new CreateIndexRequest(index) { Mappings = new TypeMapping { Properties = properties } }, cancellationToken);
        // Another silo may have created it between the check and the create.
        if (!response.IsValidResponse && response.ElasticsearchServerError?.Error?.Type != "resource_already_exists_exception")
        {
            throw Failure("create index", response);
        }
    }

    private static SortOptions Order(string field, SortOrder order) => new FieldSort(field) { Order = order };

    private static IEnumerable<FacetCount> Buckets(AggregateDictionary? aggregations, string name) =>
        aggregations?.GetStringTerms(name)?.Buckets.Select(b => new FacetCount(b.Key.TryGetString(out var value) ? value! : b.Key.ToString(), b.DocCount)) ?? [];

    private static InvalidOperationException Failure(string what, ElasticsearchResponse response) =>
        new($"Elasticsearch {what} failed: {response.ElasticsearchServerError?.ToString() ?? response.ApiCallDetails.ToString()}");

    private sealed record EsProduct(
        [property: JsonPropertyName(ProductId)] Guid ProductId,
        [property: JsonPropertyName(Listed)] bool Listed,
        [property: JsonPropertyName(SellerId)] Guid SellerId,
        [property: JsonPropertyName(Title)] string Title,
        [property: JsonPropertyName(Description)] string Description,
        [property: JsonPropertyName(Category)] string Category,
        [property: JsonPropertyName(CategoryPath)] IReadOnlyList<string> CategoryPath,
        [property: JsonPropertyName(Brand)] string Brand,
        [property: JsonPropertyName(BrandKey)] string BrandKey,
        [property: JsonPropertyName(Price)] decimal Price,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName(InStock)] bool InStock,
        [property: JsonPropertyName("image")] string? Image,
        [property: JsonPropertyName(PublishedAt)] DateTimeOffset PublishedAt)
    {
        public static EsProduct From(ProductDocument d) => new(d.ProductId, d.Listed, d.SellerId, d.Title, d.Description, d.Category,
            d.CategoryPath, d.Brand, d.Brand.ToLowerInvariant(), d.Price, d.Currency, d.InStock, d.Image, d.PublishedAt);

        public ProductHit ToHit() => new(ProductId, SellerId, Title, Category, Brand, Price, Currency, InStock, Image, PublishedAt);
    }

    private sealed record EsSeller(
        [property: JsonPropertyName(SellerId)] Guid SellerId,
        [property: JsonPropertyName(DisplayName)] string DisplayName,
        [property: JsonPropertyName(Listed)] bool Listed);
}
