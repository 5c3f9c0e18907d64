using Elastic.Clients.Elasticsearch;
using Marketplace.Grains.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>The search contract on a real Elasticsearch server, when MARKETPLACE_ELASTICSEARCH names one (none can run here).</summary>
[RequiresStore(Variable)]
public sealed class ElasticsearchSearchIndexTests : SearchIndexContract
{
    private const string Variable = "MARKETPLACE_ELASTICSEARCH";
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchSearchIndex _index;

    public ElasticsearchSearchIndexTests()
    {
        _client = new ElasticsearchClient(new Uri(TestStores.Optional(Variable)!));
        _index = new ElasticsearchSearchIndex(_client, $"test-{Guid.NewGuid():N}-");
    }

    protected override ISearchIndex Index => _index;

    private Indices Both => Indices.Parse($"{_index.ProductsIndex},{_index.SellersIndex}");

    protected override Task ResetAsync() => _index.EnsureIndicesAsync();

    protected override async Task SettleAsync() => await _client.Indices.RefreshAsync(Both);

    public override async Task DisposeAsync() => await _client.Indices.DeleteAsync(Both, r => r.IgnoreUnavailable());
}
