using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// Checkouts per second with every write durable: each request is a whole checkout saga (reserve stock, authorise
/// with the test-mode processor over HTTP, commit stock, open a sub-order and its shipment), each step stored in
/// PostgreSQL before it is taken. Requests pick a product by popularity (Zipf over the catalog) and rotate over
/// shoppers, each with a fresh Idempotency-Key. The catalog is created through the seller gateway once (sellers
/// onboarded and activated, products published and approved) and remembered in the silo's database
/// (<c>bench_checkout_catalog</c>), so later runs on the same bench stack reuse it.
/// </summary>
public abstract class CheckoutScenario(int sellers, int products, double popularitySkew) : IScenario
{
    private const int Shoppers = 64;
    private const int SetupParallelism = 16;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private string[] _tokens = [];
    private Guid[] _products = [];
    private double[] _popularity = [];

    public abstract string Name { get; }

    public string Description =>
        $"POST /checkout (buy now, 1 item of {products:N0} products of {sellers:N0} seller{(sellers == 1 ? "" : "s")}): the whole saga, durable, paid through the test-mode processor";

    public IReadOnlyCollection<GatewayKind> SetupGateways => [GatewayKind.Seller];

    public virtual LoadModes Modes => LoadModes.Closed | LoadModes.Open;

    /// <summary>Issue 11's latency target is set at 200 checkouts/s, open loop.</summary>
    public double? Rate => 200;

    /// <summary>Past the outbox reminders' first tick (Outbox:ReminderPeriod, 1 min): what a checkout still writes after it answered.</summary>
    public virtual TimeSpan Settle => TimeSpan.FromSeconds(75);

    public virtual async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var shop = context.Gateway();
        _products = await Remembered(context, shop, cancellationToken) ?? await Seed(context, cancellationToken);
        _popularity = Zipf(_products.Length, popularitySkew);
        // A few at a time: each sign-up hashes a password, which 64 at once on two cores do not finish within the cluster's timeout.
        _tokens = new string[Shoppers];
        await Parallel.ForEachAsync(Enumerable.Range(0, Shoppers), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) => _tokens[i] = (await BenchAccounts.SignUp(shop, ct)).Token);
        context.Log($"{_products.Length:N0} products of {sellers:N0} seller(s), Zipf popularity s={popularitySkew} (most popular: {_popularity[0]:P1} of the checkouts), {Shoppers} shoppers");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var product = _products[Pick(sequence)];
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Ivan Petrov", line1 = "Tverskaya 1", city = "Moscow", postalCode = "125009", country = "RU" },
                paymentMethod = "pm_card_visa",
                items = new[] { new { productId = product, sku = "SKU-1", quantity = 1 } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[sequence % _tokens.Length]);
        request.Headers.Add("Idempotency-Key", $"bench-{_run}-{target}-{sequence}");
        return request;
    }

    /// <summary>Served means placed and paid: the saga runs within the call, so a 201 whose order is not Paid would be a failed checkout.</summary>
    public bool IsSuccess(HttpResponseMessage response) => response.StatusCode == System.Net.HttpStatusCode.Created;

    /// <summary>The product of request <paramref name="sequence"/>: a deterministic draw from the popularity distribution.</summary>
    private int Pick(long sequence)
    {
        // SplitMix64 of the sequence: uniform in [0, 1), the same for the gateway and the bare target.
        var z = unchecked((ulong)sequence * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        var u = (z ^ (z >> 31)) / (double)ulong.MaxValue;
        var index = Array.BinarySearch(_popularity, u);
        return Math.Min(index < 0 ? ~index : index, _products.Length - 1);
    }

    /// <summary>Cumulative Zipf(s) shares of n items, most popular first (s = 0: uniform).</summary>
    private static double[] Zipf(int n, double s)
    {
        var weights = Enumerable.Range(1, n).Select(rank => 1 / Math.Pow(rank, s)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }
        return cumulative;
    }

    /// <summary>The catalog an earlier run created on this stack, if it is complete and its products still answer.</summary>
    private async Task<Guid[]?> Remembered(ScenarioContext context, HttpClient shop, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(context.Postgres);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS bench_checkout_catalog (scenario text NOT NULL, position int NOT NULL, product_id uuid NOT NULL, PRIMARY KEY (scenario, position))", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = new NpgsqlCommand("SELECT product_id FROM bench_checkout_catalog WHERE scenario = @scenario ORDER BY position", connection);
        select.Parameters.AddWithValue("scenario", Name);
        var ids = new List<Guid>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
        }
        if (ids.Count != products)
        {
            return null;
        }
        foreach (var id in new[] { ids[0], ids[^1] })
        {
            using var found = await BenchAccounts.Get(shop, $"/products/{id}", cancellationToken);
            if (found.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
            found.EnsureSuccessStatusCode();
        }
        context.Log($"reusing the {products:N0} products an earlier run created (bench_checkout_catalog)");
        return ids.ToArray();
    }

    private async Task<Guid[]> Seed(ScenarioContext context, CancellationToken cancellationToken)
    {
        var sellerGateway = context.Gateway(GatewayKind.Seller);
        var op = await BenchAccounts.SignIn(sellerGateway, BenchOperator.Email, BenchOperator.Password, cancellationToken);
        var started = DateTime.UtcNow;
        var tokens = new string[sellers];
        await Parallel.ForEachAsync(Enumerable.Range(0, sellers), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) => tokens[i] = (await BenchAccounts.ActiveSeller(sellerGateway, op.Token, $"Bench shop {i}", ct)).Token);
        context.Log($"{sellers:N0} sellers onboarded and activated in {(DateTime.UtcNow - started).TotalSeconds:0} s");

        var owners = Owners(sellers, products);
        var ids = new Guid[products];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, products), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism * 2, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                ids[i] = await BenchAccounts.PublishedProduct(sellerGateway, tokens[owners[i]], $"Bench kettle {i}", ct);
                if (Interlocked.Increment(ref done) % 1000 == 0)
                {
                    context.Log($"{done:N0} products published and approved, {(DateTime.UtcNow - started).TotalSeconds:0} s");
                }
            });

        await using var connection = new NpgsqlConnection(context.Postgres);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("DELETE FROM bench_checkout_catalog WHERE scenario = @scenario", connection, transaction))
        {
            clear.Parameters.AddWithValue("scenario", Name);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var import = await connection.BeginBinaryImportAsync("COPY bench_checkout_catalog (scenario, position, product_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                await import.WriteRowAsync(cancellationToken, Name, i, ids[i]);
            }
            await import.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        context.Log($"{products:N0} products of {sellers:N0} seller(s) created in {(DateTime.UtcNow - started).TotalSeconds:0} s");
        return ids;
    }

    /// <summary>
    /// Which seller owns each product: every seller has at least one, the rest go by a long tail (seller k's share ∝ 1/k),
    /// so a few large shops hold many products and most hold a handful. Products are interleaved, so popularity (by
    /// position) is independent of the shop's size.
    /// </summary>
    private static int[] Owners(int sellers, int products)
    {
        var counts = Enumerable.Repeat(1, sellers).ToArray();
        var rest = products - sellers;
        var harmonic = Enumerable.Range(1, sellers).Sum(k => 1.0 / k);
        for (var k = 0; k < sellers && rest > 0; k++)
        {
            var extra = Math.Min(rest, (int)Math.Round((products - sellers) / harmonic / (k + 1)));
            counts[k] += extra;
            rest -= extra;
        }
        counts[0] += rest;
        var owners = counts.SelectMany((count, seller) => Enumerable.Repeat(seller, count)).ToArray();
        // A fixed shuffle: the same catalog layout every run.
        new Random(11).Shuffle(owners);
        return owners;
    }
}

/// <summary>Every order goes to one seller's 100 products (uniform): sub-orders, counts and lists of one seller, issue 11's ≥ 300/s case.</summary>
public sealed class CheckoutOneSellerScenario() : CheckoutScenario(sellers: 1, products: 100, popularitySkew: 0)
{
    public override string Name => "checkout-one-seller";
}

/// <summary>1,000 sellers with a long tail of 10,000 products, bought by a Zipf popularity (s = 0.8): issue 11's ≥ 500/s case.</summary>
public sealed class CheckoutManySellersScenario() : CheckoutScenario(sellers: 1_000, products: 10_000, popularitySkew: 0.8)
{
    public override string Name => "checkout-1000-sellers";
}
