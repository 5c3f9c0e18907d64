using Marketplace.Grains.Search;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Search;

/// <summary>The search contract on the real PostgreSQL server (MARKETPLACE_POSTGRES), with the migrations the silo applies.</summary>
public sealed class PostgresSearchIndexTests(PostgresDatabase database) : SearchIndexContract, IClassFixture<PostgresDatabase>
{
    protected override ISearchIndex Index { get; } = new PostgresSearchIndex(database.DataSource);

    protected override async Task ResetAsync()
    {
        await using var truncate = database.DataSource.CreateCommand("TRUNCATE search_products, search_sellers, search_terms");
        await truncate.ExecuteNonQueryAsync();
    }
}
