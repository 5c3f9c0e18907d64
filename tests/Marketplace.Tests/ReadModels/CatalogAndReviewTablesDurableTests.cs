using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.ReadModels;
using Marketplace.Reviews;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Npgsql;
using Orleans.TestingHost;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// The operators' moderation queue and a product's review list on PostgreSQL, fed by the grains' events: the operators'
/// check finds them consistent, a rebuild from the aggregates writes the same rows, and a cluster started afterwards
/// reads them from their tables.
/// </summary>
public sealed class CatalogAndReviewTablesDurableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Guid OperatorId = Guid.NewGuid();

    private Dictionary<string, string?> Settings => new()
    {
        ["Storage:Profile"] = "Durable",
        ["Storage:Postgres"] = database.ConnectionString,
        ["Storage:Redis"] = TestStores.Redis,
    };

    [Fact]
    public async Task The_queue_and_the_review_list_check_clean_rebuild_to_the_same_rows_and_read_back_after_a_restart()
    {
        var serviceId = $"tables-{Guid.NewGuid():N}";
        List<Guid> queue;
        List<Guid> reviews;
        var productId = Guid.NewGuid();
        await using (var cluster = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId))
        {
            var grains = cluster.Client;
            var sellerId = await grains.ActiveSeller();
            var linked = await grains.PublishAwaitingVerdict(sellerId, Lamp("Cheaper at www.lamps-direct.ru"));
            var counterfeit = await grains.PublishedProduct(sellerId, Lamp("A warm light."));
            await grains.GetGrain<IProductModeration>(counterfeit.ProductId).Block(OperatorId, "Counterfeit of a registered brand.");
            var held = await grains.PublishedProduct(sellerId, Lamp("A brass lamp."));
            await grains.GetGrain<IProductModeration>(held.ProductId).Block(OperatorId, "Counterfeit of a registered brand.");
            await grains.GetGrain<IProductGrain>(held.ProductId).Edit(sellerId, held.Version, Lamp("A genuine brass lamp."));
            var approved = await grains.PublishedProduct(sellerId, Lamp("A reading lamp."));
            await grains.GetGrain<IProductModeration>(approved.ProductId).Block(OperatorId, "Mistaken.");
            await grains.GetGrain<IProductModeration>(approved.ProductId).Approve(OperatorId);
            Guid[] expectedQueue = [linked.ProductId, counterfeit.ProductId, held.ProductId];
            queue = await Eventually.Until(() => Queue(grains), q => expectedQueue.All(q.Contains) && !q.Contains(approved.ProductId) && q.Count == 3,
                Patience, "the blocked and held cards queued, the approved one not");

            var authors = new List<Guid>();
            foreach (var (stars, text) in new[] { (5, "Boils a litre in two minutes."), (2, "Loud, and the lid sticks."), (4, "Cheaper at https://kettles.example/deal") })
            {
                authors.Add(await Reviewed(grains, database.ConnectionString, productId, stars, text));
            }
            await grains.GetGrain<IReviewGrain>(ReviewIds.For(authors[0], productId)).Remove(authors[0]);
            reviews = await Eventually.Until(() => Reviews(grains, productId), r => r.SequenceEqual([ReviewIds.For(authors[1], productId)]),
                Patience, "only the published, not removed review listed");

            var incremental = await Dump();
            foreach (var readModel in new[] { ReadModelNames.ProductModeration, ReadModelNames.ProductReviews })
            {
                Assert.True((await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Check)).Consistent, $"{readModel} differs from its aggregates");
                var rebuilt = await ReadModelJobs.Run(grains, readModel, ReadModelJobKind.Rebuild);
                Assert.True(rebuilt.Checked >= (readModel == ReadModelNames.ProductModeration ? 4 : 3), rebuilt.ToString());
            }
            Assert.Equal(incremental, await Dump());
        }

        await using var restarted = await MarketplaceTestCluster.StartAsync(Settings, serviceId: serviceId);
        Assert.Equal(queue, await Queue(restarted.Client));
        Assert.Equal(reviews, await Reviews(restarted.Client, productId));
    }

    private static async Task<List<Guid>> Queue(IClusterClient grains) =>
        (await grains.GetGrain<IProductModerationQueue>(0).List(1, Paging.MaxPageSize)).Items.Select(c => c.ProductId).ToList();

    private static async Task<List<Guid>> Reviews(IClusterClient grains, Guid productId) =>
        (await grains.GetGrain<IReviewQueries>(0).ForProduct(productId, ReviewSort.Newest, 1, Paging.MaxPageSize)).Items.Select(r => r.ReviewId).ToList();

    /// <summary>A shopper who received the product reviews it; waits for moderation's verdict.</summary>
    private static async Task<Guid> Reviewed(IClusterClient grains, string connectionString, Guid productId, int stars, string text)
    {
        var shopperId = Guid.NewGuid();
        await PurchaseHistorySeed.Record(new SqlPurchaseHistoryStore(ReadModelDatabase.Postgres(connectionString)), shopperId, productId, PurchaseStatus.Received);
        var review = grains.GetGrain<IReviewGrain>(ReviewIds.For(shopperId, productId));
        await review.Submit(shopperId, productId, new ReviewDraft(stars, text));
        await Eventually.Until(() => review.GetFor(shopperId), r => r.Status != ReviewStatus.Pending, Patience, "moderation's verdict");
        return shopperId;
    }

    /// <summary>What the two read models show (versions aside: a rebuild stamps its own), row by row.</summary>
    private async Task<List<string>> Dump()
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT product_id::text || since::text || entry FROM catalog_moderation_queue WHERE queued ORDER BY product_id",
                     "SELECT review_id::text || product_id::text || stars::text || published_at::text || review FROM reviews_by_product WHERE listed ORDER BY review_id",
                 })
        {
            await using var command = source.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        return rows;
    }

    private static ProductDraft Lamp(string description) => new("Desk lamp", description, "home/lighting", "Lumen",
        new Dictionary<string, string>(), [], [new VariantDraft("SKU-1", new Dictionary<string, string>(), 1500m, "RUB", 5)]);
}
