using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.ReadModels;
using Marketplace.Ordering;

namespace Marketplace.Bench.Scenarios;

/// <summary>
/// A seller's newest page of sub-orders (seller gateway GET /orders?pageSize=20), for a seller with few and one with very
/// many sub-orders: the two scenarios run in one bench run with the same settings and the same open-loop rate, so
/// their p50/p99 stand side by side. Cost must not grow with the seller's history (issue 10 item 6). The rows are
/// written straight into the projection table through its store (<see cref="SqlOrderListStore"/>, the one the
/// projector uses, with its version rule and per-seller count), since 100,000 real checkouts would take an hour here.
/// </summary>
public abstract class SellerOrdersScenario(int subOrders) : IScenario
{
    private const int Parallelism = 32;
    private string _token = "";

    public abstract string Name { get; }

    public string Description => $"GET /orders?pageSize=20 (seller gateway): the newest page of a seller with {subOrders:N0} sub-orders in ordering_seller_orders";

    public GatewayKind Gateway => GatewayKind.Seller;

    public bool HasBaseline => false;

    /// <summary>One fixed rate for both sizes, so their open-loop latencies compare.</summary>
    public double? Rate => 200;

    public async Task SetupAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var database = Environment.GetEnvironmentVariable("BENCH_ORDERS_DATABASE") is { Length: > 0 } connection
            ? ReadModelDatabase.Postgres(connection)
            : throw new InvalidOperationException("BENCH_ORDERS_DATABASE is not set; run the harness through bench/run.sh, which points it at the silo's database.");
        var gateway = context.Gateway(GatewayKind.Seller);
        var email = $"bench-orders-{Guid.NewGuid():N}@bench.local";
        using (var registered = await gateway.PostAsJsonAsync("/auth/register", new { email, password = "correct-horse-battery", displayName = "Bench" }, cancellationToken))
        {
            registered.EnsureSuccessStatusCode();
        }
        using var login = await gateway.PostAsJsonAsync("/auth/login", new { email, password = "correct-horse-battery" }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var sellerId = tokens.GetProperty("userId").GetGuid();
        _token = tokens.GetProperty("accessToken").GetString()!;

        var store = new SqlOrderListStore(database);
        var started = DateTimeOffset.UtcNow.AddDays(-400);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallelism, subOrders)).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < subOrders; i = Interlocked.Increment(ref next))
            {
                // A sub-order every few minutes over the past 400 days, newest last.
                var placedAt = started.AddSeconds(i * 400d * 86400 / subOrders);
                var summary = new OrderSummary(Guid.NewGuid(), Guid.NewGuid(), "Delivered", 1500m, "RUB", 2, placedAt, placedAt.AddDays(3));
                await store.ApplyAsync(OrderList.Seller, new OrderListRow(summary, sellerId, 3), replaceSameVersion: false, cancellationToken);
            }
        }));
        context.Log($"{subOrders:N0} sub-orders written for seller {sellerId}");
    }

    public HttpRequestMessage CreateRequest(Target target, long sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders?pageSize=20");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }
}

public sealed class SellerOrdersOf10Scenario() : SellerOrdersScenario(10)
{
    public override string Name => "seller-orders-10";
}

public sealed class SellerOrdersOf100kScenario() : SellerOrdersScenario(100_000)
{
    public override string Name => "seller-orders-100k";
}
