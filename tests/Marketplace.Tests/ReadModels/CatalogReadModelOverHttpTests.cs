using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Tests.Catalog;
using Marketplace.Tests.Events;
using Marketplace.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// Issue 14's lost-listing burst, end to end: a silo process on PostgreSQL with its streams on the Kafka protocol
/// (the mock cluster, as up.sh runs it), 3,000 products published at about 40 a second by 8 sellers over real HTTP
/// into one category. The listing must then equal the catalog, stay equal across the operators' check, repair and
/// rebuild, and read back after the silo is killed and another one started.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class CatalogReadModelOverHttpTests(KafkaBroker broker, ITestOutputHelper output)
{
    private const int Products = 3000;
    private const int Sellers = 8;
    private const double PerSecond = 40;
    private const string Category = "sports/outdoor";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_thousand_products_published_at_forty_a_second_all_list_and_a_check_a_repair_a_rebuild_and_a_restart_keep_them()
    {
        var streamsTopic = await broker.CreateTopicAsync("streams-listing", partitions: 4);
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller],
            environment: new Dictionary<string, string>
            {
                ["Streams__Provider"] = "Kafka",
                ["Streams__Kafka__BootstrapServers"] = broker.BootstrapServers,
                ["Streams__Kafka__Topic"] = streamsTopic,
                ["Streams__Kafka__Partitions"] = "4",
                ["Streams__Kafka__ConsumerGroup"] = $"silos-{Guid.NewGuid():N}",
                // The sellers sign in once; on a loaded machine the burst outlasts the default five-minute access token.
                ["Jwt__AccessTokenLifetime"] = "01:00:00",
            });
        using var sellerGateway = deployment.CreateClient(Gateway.Seller);
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var op = await sellerGateway.SignInAsOperatorAsync();
        var sellers = new List<SignedInUser>();
        for (var i = 0; i < Sellers; i++)
        {
            sellers.Add(await ActiveSeller(sellerGateway, op.Client, $"Outdoor shop {i}"));
        }

        // The burst: product n starts at n/40 s, each seller's calls on their own, as 8 concurrent sellers' would.
        var clock = Stopwatch.StartNew();
        var published = await Task.WhenAll(sellers.Select((seller, s) => Task.Run(async () =>
        {
            var ids = new List<Guid>();
            for (var n = s; n < Products; n += Sellers)
            {
                var due = TimeSpan.FromSeconds(n / PerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                ids.Add(await PublishProduct(seller.Client, $"Tent {n}", 1000m + n % 97));
            }
            return ids;
        })));
        var expected = published.SelectMany(ids => ids).ToHashSet();
        output.WriteLine($"published {expected.Count} products in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(Products, expected.Count);

        var afterBurst = Stopwatch.StartNew();
        await Eventually.Until(async () => (await Page(publicGateway, "pageSize=1")).GetProperty("total").GetInt32() == Products,
            Patience, $"the {Category} listing to count all {Products} products");
        output.WriteLine($"listing complete {afterBurst.Elapsed.TotalSeconds:0.0} s after the burst");
        Assert.Equal(expected, await WalkListing(publicGateway));
        Assert.Equal(0, (await Json(await op.Client.GetAsync("/operator/dead-letters"))).GetProperty("total").GetInt32());

        var clean = await Check(op.Client, repair: false);
        Assert.True(clean.GetProperty("consistent").GetBoolean(), clean.ToString());
        Assert.True(clean.GetProperty("checked").GetInt32() >= Products);

        // Drift an operator must find: rows lost (as a dropped event would leave them) and a row that says something stale.
        var lost = expected.Take(5).ToList();
        var stale = expected.Skip(5).First();
        await using (var database = NpgsqlDataSource.Create(deployment.Database))
        {
            foreach (var productId in lost)
            {
                await Execute(database, "DELETE FROM catalog_category_listings WHERE product_id = @id", productId);
                await Execute(database, "DELETE FROM catalog_seller_products WHERE product_id = @id", productId);
            }
            await Execute(database, "UPDATE catalog_category_listings SET summary = replace(summary, 'Tent', 'Stale') WHERE product_id = @id", stale);
            await Execute(database, "UPDATE catalog_seller_products SET summary = replace(summary, 'Tent', 'Stale') WHERE product_id = @id", stale);
            var incremental = await Dump(database);

            // The lost rows also leave the kept totals of their category and its parent above what the table holds.
            var drift = await Check(op.Client, repair: false);
            Assert.Equal(5, drift.GetProperty("missing").GetInt32());
            Assert.Equal(1 + 2, drift.GetProperty("stale").GetInt32());
            Assert.Equal(0, drift.GetProperty("repaired").GetInt32());
            var examples = drift.GetProperty("examples").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains($"Stale total: Category {Category} kept {Products}, holds {Products - lost.Count}", examples);
            Assert.Contains($"Stale total: Category sports kept {Products}, holds {Products - lost.Count}", examples);
            var repaired = await Check(op.Client, repair: true);
            Assert.Equal(6 + 2, repaired.GetProperty("repaired").GetInt32());
            Assert.True((await Check(op.Client, repair: false)).GetProperty("consistent").GetBoolean());
            Assert.Equal(expected, await WalkListing(publicGateway));

            // A rebuild from the product grains writes what the events wrote (the drifted rows now repaired).
            var repairedRows = await Dump(database);
            Assert.NotEqual(incremental, repairedRows);
            var rebuilt = await ReadModelJobs.Rebuild(op.Client, "catalog");
            Assert.True(rebuilt.GetProperty("checked").GetInt32() >= Products);
            Assert.Equal(repairedRows, await Dump(database));
        }

        // Restart, then read: the listing is in its table, not in any activation's memory.
        await deployment.Silos[0].KillAsync();
        await deployment.StartSiloAsync();
        var afterRestart = await Eventually.Until(async () =>
        {
            try
            {
                return await WalkListing(publicGateway);
            }
            catch (HttpRequestException)
            {
                return [];
            }
        }, ids => ids.Count == Products, Patience, "the listing served by the restarted silo");
        Assert.Equal(expected, afterRestart);
        using var storefront = await publicGateway.GetAsync($"/sellers/{sellers[0].UserId}/products?pageSize=100");
        Assert.Equal(Products / Sellers, (await Json(storefront)).GetProperty("total").GetInt32());
    }

    private static async Task<SignedInUser> ActiveSeller(HttpClient gateway, HttpClient op, string name)
    {
        var seller = await gateway.SignUpAsync(name);
        (await seller.Client.PostAsJsonAsync("/sellers", CatalogSamples.Application(name))).EnsureSuccessStatusCode();
        (await op.PutAsJsonAsync($"/operator/sellers/{seller.UserId}/status", new { status = "Active" })).EnsureSuccessStatusCode();
        return seller;
    }

    private static async Task<Guid> PublishProduct(HttpClient seller, string title, decimal price)
    {
        var draft = CatalogSamples.Draft(title, CatalogSamples.Variant("TENT-1", price, stock: 3)) with { Category = Category };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products") { Content = JsonContent.Create(draft) };
        request.Headers.Add("Idempotency-Key", title);
        using var created = await seller.SendAsync(request);
        created.EnsureSuccessStatusCode();
        var productId = (await Json(created)).GetProperty("productId").GetGuid();
        using var publish = new HttpRequestMessage(HttpMethod.Post, $"/products/{productId}/publish");
        publish.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await seller.SendAsync(publish);
        response.EnsureSuccessStatusCode();
        return productId;
    }

    /// <summary>Every product of the listing, page by page through the 'next' cursor.</summary>
    private static async Task<HashSet<Guid>> WalkListing(HttpClient publicGateway)
    {
        var ids = new HashSet<Guid>();
        string? after = null;
        do
        {
            var page = await Page(publicGateway, $"pageSize=100&sort=price-asc{(after is null ? "" : $"&after={after}")}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(ids.Add(item.GetProperty("productId").GetGuid()), "a product listed twice");
            }
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);
        return ids;
    }

    private static async Task<JsonElement> Page(HttpClient publicGateway, string query)
    {
        using var response = await publicGateway.GetAsync($"/categories/{Category}/products?{query}");
        response.EnsureSuccessStatusCode();
        return await Json(response);
    }

    private static Task<JsonElement> Check(HttpClient op, bool repair) => ReadModelJobs.Check(op, "catalog", repair);

    private static async Task Execute(NpgsqlDataSource database, string sql, Guid productId)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", productId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Both tables' rows as text, without the versions (a rebuild stamps its own).</summary>
    private static async Task<List<string>> Dump(NpgsqlDataSource database)
    {
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT product_id::text || seller_id::text || released::text || price::text || recency::text || summary FROM catalog_seller_products ORDER BY product_id",
                     "SELECT category || product_id::text || price::text || recency::text || summary FROM catalog_category_listings ORDER BY category, product_id",
                 })
        {
            await using var command = database.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        return rows;
    }

    private static Task<JsonElement> Json(HttpResponseMessage response) => ReadModelJobs.Json(response);
}
