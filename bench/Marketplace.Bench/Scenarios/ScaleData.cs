using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Ordering;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// How much data the system holds around the requests of a <c>scale-*</c> scenario: orders (each with one sub-order and
/// one purchased product, so the shopper, seller and purchase lists each hold that many rows) and products in one
/// category (home/kitchen, listed under home too).
/// </summary>
public sealed record ScaleSize(string Name, int Orders, int CategoryProducts)
{
    public static readonly ScaleSize Small = new("1k", 1_000, 1_000);
    public static readonly ScaleSize Large = new("1m", 1_000_000, 100_000);

    /// <summary>The measured shopper's share of the orders, the measured seller's of the sub-orders and of the category.</summary>
    public int ShopperOrders => Orders / 100;
    public int SellerOrders => Orders / 10;
    public int SellerProducts => CategoryProducts / 10;
}

/// <summary>
/// Seeds a <see cref="ScaleSize"/> straight into the projection tables and the grain-state table by binary COPY (a
/// million checkouts would take days here), as the search scenario does for its catalog: rows in the shapes the
/// stores write (summaries as the stores' JSON, instants as UTC ticks), owned by a measured shopper and seller who
/// are real accounts, the rest by random owners; the grain-state table gets a filler row per order, so it and its
/// index are as large as that many orders make them. Seeded once per bench stack (<c>bench_scale</c>); the smaller
/// size refuses a stack that already holds the larger one's rows.
/// </summary>
public static class ScaleData
{
    public const string Category = "home/kitchen";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly Dictionary<string, Accounts> Seeded = [];

    public sealed record Accounts(string ShopperToken, Guid ShopperId, string SellerToken, Guid SellerId);

    public static async Task<Accounts> EnsureAsync(ScenarioContext context, ScaleSize size, CancellationToken cancellationToken)
    {
        await Seeding.WaitAsync(cancellationToken);
        try
        {
            if (Seeded.TryGetValue(size.Name, out var known))
            {
                return known;
            }
            var accounts = await SeedAsync(context, size, cancellationToken);
            Seeded[size.Name] = accounts;
            return accounts;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static async Task<Accounts> SeedAsync(ScenarioContext context, ScaleSize size, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(context.Postgres);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, "CREATE TABLE IF NOT EXISTS bench_scale (size text PRIMARY KEY, shopper_email text NOT NULL, seller_email text NOT NULL, seeded_rows bigint NOT NULL)", cancellationToken);
        var shop = context.Gateway();
        var sellerGateway = context.Gateway(GatewayKind.Seller);

        await using (var find = new NpgsqlCommand("SELECT shopper_email, seller_email FROM bench_scale WHERE size = @size", connection))
        {
            find.Parameters.AddWithValue("size", size.Name);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var (shopperEmail, sellerEmail) = (reader.GetString(0), reader.GetString(1));
                await reader.DisposeAsync();
                context.Log($"scale {size.Name}: reusing the rows an earlier run seeded (bench_scale)");
                return await SignIn(shop, sellerGateway, shopperEmail, sellerEmail, cancellationToken);
            }
        }
        var existing = (long)(await Scalar(connection, "SELECT count(*) FROM ordering_shopper_orders", cancellationToken))!;
        if (existing > 10L * size.Orders + 100_000)
        {
            throw new InvalidOperationException(
                $"scale {size.Name}: this bench stack already holds {existing:N0} orders, so it cannot show {size.Orders:N0}; " +
                "measure the smaller size first, on a fresh stack (deploy/local/stack.sh stop with STACK_DIR=.local/bench-stack, then remove that folder)");
        }

        var started = DateTime.UtcNow;
        var shopperEmail2 = $"bench-scale-shopper-{Guid.NewGuid():N}@bench.local";
        var sellerEmail2 = $"bench-scale-seller-{Guid.NewGuid():N}@bench.local";
        await BenchAccounts.SignUp(shop, cancellationToken, shopperEmail2);
        var op = await BenchAccounts.SignIn(sellerGateway, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        await BenchAccounts.ActiveSeller(sellerGateway, op.Token, "Bench scale shop", cancellationToken, sellerEmail2);
        var accounts = await SignIn(shop, sellerGateway, shopperEmail2, sellerEmail2, cancellationToken);

        var random = new Random(size.Orders);
        var now = DateTimeOffset.UtcNow;
        await CopyOrders(connection, size, accounts.ShopperId, accounts.SellerId, now, random, cancellationToken);
        await CopyCatalog(connection, size, accounts.SellerId, now, random, cancellationToken);
        await CopyGrainStates(connection, size.Orders, random, cancellationToken);
        await Execute(connection, """
            INSERT INTO ordering_list_counts (list, owner_id, shard, row_count)
            SELECT 'Shopper', owner_id, 0, count(*) FROM bench_scale_new_shopper GROUP BY owner_id
            UNION ALL SELECT 'Purchases', owner_id, 0, count(*) FROM bench_scale_new_shopper GROUP BY owner_id
            UNION ALL SELECT 'Seller', owner_id, 0, count(*) FROM bench_scale_new_seller GROUP BY owner_id
            ON CONFLICT (list, owner_id, shard) DO UPDATE SET row_count = ordering_list_counts.row_count + EXCLUDED.row_count
            """, cancellationToken);
        await Execute(connection, "DROP TABLE bench_scale_new_shopper; DROP TABLE bench_scale_new_seller", cancellationToken);
        await Execute(connection, "ANALYZE", cancellationToken);
        await using (var mark = new NpgsqlCommand("INSERT INTO bench_scale (size, shopper_email, seller_email, seeded_rows) VALUES (@size, @shopper, @seller, @rows)", connection))
        {
            mark.Parameters.AddWithValue("size", size.Name);
            mark.Parameters.AddWithValue("shopper", shopperEmail2);
            mark.Parameters.AddWithValue("seller", sellerEmail2);
            mark.Parameters.AddWithValue("rows", (long)size.Orders);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        context.Log($"scale {size.Name}: {size.Orders:N0} orders (shopper, seller and purchase rows, grain states) and {size.CategoryProducts:N0} products in {Category} seeded in {(DateTime.UtcNow - started).TotalSeconds:0} s");
        return accounts;
    }

    /// <summary>Shopper orders, seller sub-orders and purchases, one each per order, over the past 400 days; the owners' ids are kept for the counts (a shopper's orders and purchases alike).</summary>
    private static async Task CopyOrders(NpgsqlConnection connection, ScaleSize size, Guid shopperId, Guid sellerId, DateTimeOffset now, Random random,
        CancellationToken cancellationToken)
    {
        var shoppers = Enumerable.Range(0, Math.Max(1, size.Orders / 10)).Select(_ => Guid.NewGuid()).ToArray();
        var sellers = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToArray();
        var orders = Enumerable.Range(0, size.Orders).Select(i =>
        {
            var placedAt = now.AddSeconds(-400d * 86400 * (size.Orders - i) / size.Orders);
            return (Order: Guid.NewGuid(), SubOrder: Guid.NewGuid(), Product: Guid.NewGuid(), PlacedAt: placedAt,
                Shopper: i % 100 == 0 ? shopperId : shoppers[random.Next(shoppers.Length)],
                Seller: i % 10 == 0 ? sellerId : sellers[random.Next(sellers.Length)]);
        }).ToList();
        await Execute(connection, "CREATE TABLE bench_scale_new_shopper (owner_id uuid); CREATE TABLE bench_scale_new_seller (owner_id uuid)", cancellationToken);

        await using (var shopperRows = await connection.BeginBinaryImportAsync("COPY ordering_shopper_orders (id, owner_id, version, placed_at, summary) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in orders)
            {
                var summary = new OrderSummary(o.Order, o.Order, "Delivered", 1500m, "RUB", 1, o.PlacedAt, o.PlacedAt.AddDays(3));
                await shopperRows.WriteRowAsync(cancellationToken, o.Order, o.Shopper, 5L, o.PlacedAt.UtcTicks, JsonSerializer.Serialize(summary, Json));
            }
            await shopperRows.CompleteAsync(cancellationToken);
        }
        await using (var sellerRows = await connection.BeginBinaryImportAsync("COPY ordering_seller_orders (id, owner_id, version, placed_at, summary) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in orders)
            {
                var summary = new OrderSummary(o.SubOrder, o.Order, "Delivered", 1500m, "RUB", 1, o.PlacedAt, o.PlacedAt.AddDays(3));
                await sellerRows.WriteRowAsync(cancellationToken, o.SubOrder, o.Seller, 5L, o.PlacedAt.UtcTicks, JsonSerializer.Serialize(summary, Json));
            }
            await sellerRows.CompleteAsync(cancellationToken);
        }
        await using (var purchases = await connection.BeginBinaryImportAsync(
            "COPY ordering_purchases (order_id, product_id, seller_order_id, shopper_id, seller_id, title, quantity, status, paid_at, received_at, version) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in orders)
            {
                await purchases.StartRowAsync(cancellationToken);
                await purchases.WriteAsync(o.Order, NpgsqlDbType.Uuid, cancellationToken);
                await purchases.WriteAsync(o.Product, NpgsqlDbType.Uuid, cancellationToken);
                await purchases.WriteAsync(o.SubOrder, NpgsqlDbType.Uuid, cancellationToken);
                await purchases.WriteAsync(o.Shopper, NpgsqlDbType.Uuid, cancellationToken);
                await purchases.WriteAsync(o.Seller, NpgsqlDbType.Uuid, cancellationToken);
                await purchases.WriteAsync("Bench kettle", NpgsqlDbType.Text, cancellationToken);
                await purchases.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await purchases.WriteAsync(nameof(PurchaseStatus.Received), NpgsqlDbType.Text, cancellationToken);
                await purchases.WriteAsync(o.PlacedAt.UtcTicks, NpgsqlDbType.Bigint, cancellationToken);
                await purchases.WriteAsync(o.PlacedAt.AddDays(3).UtcTicks, NpgsqlDbType.Bigint, cancellationToken);
                await purchases.WriteAsync(5L, NpgsqlDbType.Bigint, cancellationToken);
            }
            await purchases.CompleteAsync(cancellationToken);
        }
        await using (var owners = await connection.BeginBinaryImportAsync("COPY bench_scale_new_shopper (owner_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in orders)
            {
                await owners.WriteRowAsync(cancellationToken, o.Shopper);
            }
            await owners.CompleteAsync(cancellationToken);
        }
        await using (var owners = await connection.BeginBinaryImportAsync("COPY bench_scale_new_seller (owner_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in orders)
            {
                await owners.WriteRowAsync(cancellationToken, o.Seller);
            }
            await owners.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>Listed products of the category, a tenth of them the measured seller's (its storefront), and the categories' counts; they exist in the listings only.</summary>
    private static async Task CopyCatalog(NpgsqlConnection connection, ScaleSize size, Guid sellerId, DateTimeOffset now, Random random, CancellationToken cancellationToken)
    {
        var sellers = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToArray();
        var products = Enumerable.Range(0, size.CategoryProducts).Select(i =>
        {
            var publishedAt = now.AddSeconds(-400d * 86400 * (size.CategoryProducts - i) / size.CategoryProducts);
            var price = Math.Round(200m + (decimal)random.NextDouble() * 20_000m, 2);
            return new ProductSummary(Guid.NewGuid(), i % 10 == 0 ? sellerId : sellers[random.Next(sellers.Length)], $"Bench kettle {i}", "Acme", Category,
                price, "RUB", true, null, ProductStatus.Published, 3, publishedAt.AddHours(-1), publishedAt);
        }).ToList();
        await using (var sellerRows = await connection.BeginBinaryImportAsync(
            "COPY catalog_seller_products (product_id, seller_id, version, released, price, recency, summary) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var p in products)
            {
                await sellerRows.WriteRowAsync(cancellationToken, p.ProductId, p.SellerId, p.Version, true, p.Price, p.PublishedAt!.Value.UtcTicks, JsonSerializer.Serialize(p, Json));
            }
            await sellerRows.CompleteAsync(cancellationToken);
        }
        await using (var listings = await connection.BeginBinaryImportAsync(
            "COPY catalog_category_listings (category, product_id, version, price, recency, summary) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var p in products)
            {
                var summary = JsonSerializer.Serialize(p, Json);
                foreach (var category in Categories.SelfAndAncestors(Category))
                {
                    await listings.WriteRowAsync(cancellationToken, category, p.ProductId, p.Version, p.Price, p.PublishedAt!.Value.UtcTicks, summary);
                }
            }
            await listings.CompleteAsync(cancellationToken);
        }
        await using var count = new NpgsqlCommand("""
            INSERT INTO catalog_listing_counts (list, owner_id, shard, row_count) SELECT 'Category', category, 0, @products FROM unnest(@categories) AS category
            ON CONFLICT (list, owner_id, shard) DO UPDATE SET row_count = catalog_listing_counts.row_count + EXCLUDED.row_count
            """, connection);
        count.Parameters.AddWithValue("products", (long)size.CategoryProducts);
        count.Parameters.AddWithValue("categories", Categories.SelfAndAncestors(Category).ToArray());
        await count.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A filler row per order in the grain-state table (random keys, 400 bytes of payload): its index as deep as that many orders make it.</summary>
    private static async Task CopyGrainStates(NpgsqlConnection connection, int rows, Random random, CancellationToken cancellationToken)
    {
        var payload = new byte[400];
        await using var states = await connection.BeginBinaryImportAsync(
            "COPY OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        for (var i = 0; i < rows; i++)
        {
            random.NextBytes(payload);
            await states.StartRowAsync(cancellationToken);
            await states.WriteAsync(random.Next(), NpgsqlDbType.Integer, cancellationToken);
            await states.WriteAsync(random.NextInt64(), NpgsqlDbType.Bigint, cancellationToken);
            await states.WriteAsync(random.NextInt64(), NpgsqlDbType.Bigint, cancellationToken);
            await states.WriteAsync(1_953_210_127, NpgsqlDbType.Integer, cancellationToken);
            await states.WriteAsync("bench-scale-filler", NpgsqlDbType.Varchar, cancellationToken);
            await states.WriteNullAsync(cancellationToken);
            await states.WriteAsync("marketplace-bench", NpgsqlDbType.Varchar, cancellationToken);
            await states.WriteAsync(payload, NpgsqlDbType.Bytea, cancellationToken);
            await states.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, cancellationToken);
            await states.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
        }
        await states.CompleteAsync(cancellationToken);
    }

    private static async Task<Accounts> SignIn(HttpClient shop, HttpClient sellerGateway, string shopperEmail, string sellerEmail, CancellationToken cancellationToken)
    {
        var shopper = await BenchAccounts.SignIn(shop, shopperEmail, BenchAccounts.Password, cancellationToken);
        var seller = await BenchAccounts.SignIn(sellerGateway, sellerEmail, BenchAccounts.Password, cancellationToken);
        return new Accounts(shopper.Token, shopper.UserId, seller.Token, seller.UserId);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
