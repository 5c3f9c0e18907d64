using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;
using Marketplace.Reviews;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Npgsql;
using Orleans.Runtime;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>
/// No grain state grows with the number of orders, products, parcels or reviews: one shopper places many orders with
/// one seller, a third of them on one SKU, many shoppers review one product, and every state row in PostgreSQL and
/// every state key in Redis is scanned halfway and at the end. No state may be above a small bound, and none that existed halfway may have grown by more
/// than a few bytes since: a list kept in a grain (an index, a history, a record of order ids) grows by some tens of
/// bytes per order, however small it still is; lists belong in projection tables.
/// </summary>
public sealed class PersistedStateSizeTests(PersistedStateSizeTests.SmallWindows fixture, ITestOutputHelper output)
    : IClassFixture<PersistedStateSizeTests.SmallWindows>
{
    /// <summary>
    /// The checkout deployment with the bounded windows of recent ids small enough to fill in the first half of the
    /// run, so that a state still growing in the second half grows without bound.
    /// </summary>
    public sealed class SmallWindows : CheckoutDeployment
    {
        protected override IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>
        {
            ["Recommendations__RememberedEvents"] = "8",
            ["Catalog__Inventory__RememberedCommits"] = "8",
        };
    }

    private const int Orders = 120;
    private const int Products = 40;
    private const int Reviews = 30;

    /// <summary>Generous for one aggregate (an order of a few lines with its outbox), far below a list of 120 entries.</summary>
    private const int MaxStateBytes = 6 * 1024;

    /// <summary>What a bounded state may drift by between the scans (counters, versions, a ranking's order), far below 60 list entries.</summary>
    private const int MaxGrowthBytes = 200;

    [Fact]
    public async Task No_state_grows_with_the_orders_of_one_shopper_one_seller_and_one_sku()
    {
        var deployment = fixture.Deployment;
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var shopper = await publicGateway.SignUpAsync();
        var sellerId = await fixture.Cluster.ActiveSeller();
        var products = new List<Guid>();
        foreach (var batch in Enumerable.Range(0, Products).Chunk(8))
        {
            products.AddRange(await Task.WhenAll(batch.Select(async _ =>
                (await fixture.Cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, stock: Orders))).ProductId)));
        }

        // A third of the orders buy the same SKU: a per-SKU record of every sale would show here.
        await PlaceOrders(shopper.Client, products, 0, Orders / 2);
        var halfway = (await States(deployment)).ToDictionary(s => (s.Store, s.Key), s => s.Bytes);
        await PlaceOrders(shopper.Client, products, Orders / 2, Orders);
        var states = await States(deployment);
        foreach (var state in states.Take(8))
        {
            output.WriteLine($"{state.Bytes,8} B  {state.Store}  {state.Key}");
        }
        Assert.True(states.Count > Orders, $"expected every order's state among the {states.Count} scanned");
        AssertNoneGrew(halfway, states, $"the last {Orders / 2} orders");
    }

    [Fact]
    public async Task No_state_grows_with_the_reviews_of_one_product()
    {
        var sellerId = await fixture.Cluster.ActiveSeller();
        var productId = (await fixture.Cluster.PublishedProduct(sellerId, CatalogSeeding.Kettle(100m, stock: 1))).ProductId;
        var purchases = new SqlPurchaseHistoryStore(ReadModelDatabase.Postgres(fixture.Deployment.Database));

        await WriteReviews(purchases, productId, 0, Reviews / 2);
        var halfway = (await States(fixture.Deployment)).ToDictionary(s => (s.Store, s.Key), s => s.Bytes);
        await WriteReviews(purchases, productId, Reviews / 2, Reviews);
        var states = await States(fixture.Deployment);
        Assert.Contains(states, s => s.Key.StartsWith("productrating/", StringComparison.Ordinal));
        AssertNoneGrew(halfway, states, $"the last {Reviews / 2} reviews");
    }

    private static void AssertNoneGrew(Dictionary<(string Store, string Key), int> halfway, List<StoredState> states, string since)
    {
        var problems = states.Where(s => s.Bytes > MaxStateBytes).Select(s => $"{s.Store} {s.Key}: {s.Bytes} B, over {MaxStateBytes} B")
            .Concat(states.Where(s => halfway.TryGetValue((s.Store, s.Key), out var before) && s.Bytes - before > MaxGrowthBytes)
                .Select(s => $"{s.Store} {s.Key}: grew {halfway[(s.Store, s.Key)]} -> {s.Bytes} B over {since}"))
            .ToList();
        Assert.True(problems.Count == 0, $"states that grow with {since}: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Reviews <paramref name="from"/> up to <paramref name="to"/> of the product, each by a shopper who received it (put in
    /// the purchase history as its projection writes it), then waits for the rating to count them all.
    /// </summary>
    private async Task WriteReviews(IPurchaseHistoryStore purchases, Guid productId, int from, int to)
    {
        foreach (var batch in Enumerable.Range(from, to - from).Chunk(4))
        {
            await Task.WhenAll(batch.Select(async i =>
            {
                var authorId = Guid.NewGuid();
                await PurchaseHistorySeed.Record(purchases, authorId, productId, PurchaseStatus.Received);
                await fixture.Cluster.GetGrain<IReviewGrain>(ReviewIds.For(authorId, productId))
                    .Submit(authorId, productId, new ReviewDraft(1 + i % 5, "Boils a litre in two minutes, quietly.", null, null));
            }));
        }
        await Eventually.Until(() => fixture.Cluster.GetGrain<IProductRatingGrain>(productId).Get(), rating => rating.Count == to,
            TimeSpan.FromSeconds(60), $"{to} reviews counted in the rating");
    }

    /// <summary>Orders <paramref name="from"/> up to <paramref name="to"/>, four at a time, then waits for the shopper's list to hold them all.</summary>
    private static async Task PlaceOrders(HttpClient shopper, List<Guid> products, int from, int to)
    {
        foreach (var batch in Enumerable.Range(from, to - from).Chunk(4))
        {
            await Task.WhenAll(batch.Select(i => BuyNow(shopper, $"size-{i}", i % 3 == 0 ? products[0] : products[i % products.Count])));
        }
        await Eventually.Until(() => shopper.GetFromJsonAsync<JsonElement>("/orders?pageSize=1"),
            page => page.GetProperty("total").GetInt32() == to, TimeSpan.FromSeconds(60), $"{to} orders in the shopper's list");
    }

    /// <summary>
    /// The stored states once every activation has been collected: what a grain keeps in memory for a while (a feed
    /// before its flush, deliveries an aggregate records with its next write) is written then, so both scans compare
    /// states at rest.
    /// </summary>
    private async Task<List<StoredState>> States(MarketplaceDeployment deployment)
    {
        await fixture.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return (await PostgresStates(deployment)).Concat(await RedisStates(deployment)).OrderByDescending(s => s.Bytes).ToList();
    }

    private static async Task BuyNow(HttpClient shopper, string key, Guid productId)
    {
        using var response = await CheckoutOverHttpTests.BuyNow(shopper, key, productId, quantity: 1);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await CheckoutOutcome.Ended(shopper, response);
        Assert.Equal("Paid", order.GetProperty("status").GetString());
    }

    private static async Task<List<StoredState>> PostgresStates(MarketplaceDeployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT graintypestring, coalesce(grainidextensionstring, ''), grainidn0, grainidn1, octet_length(payloadbinary) " +
            "FROM orleansstorage WHERE serviceid = @service AND payloadbinary IS NOT NULL", connection);
        command.Parameters.AddWithValue("service", deployment.ServiceId);
        var states = new List<StoredState>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states.Add(new StoredState("PostgreSQL", $"{reader.GetString(0)} {reader.GetInt64(2):x}{reader.GetInt64(3):x}{reader.GetString(1)}", reader.GetInt32(4)));
        }
        return states;
    }

    private static async Task<List<StoredState>> RedisStates(MarketplaceDeployment deployment)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestStores.Redis);
        var server = redis.GetServers().Single();
        var database = redis.GetDatabase();
        var states = new List<StoredState>();
        await foreach (var key in server.KeysAsync(pattern: $"{deployment.ServiceId}/state/*", pageSize: 500))
        {
            var bytes = await database.ExecuteAsync("MEMORY", "USAGE", key);
            states.Add(new StoredState("Redis", key.ToString(), (int)bytes));
        }
        return states;
    }

    private sealed record StoredState(string Store, string Key, int Bytes);
}
