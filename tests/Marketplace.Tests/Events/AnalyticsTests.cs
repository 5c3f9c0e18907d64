using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Common;
using Marketplace.Grains.Analytics;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments.Events;
using Marketplace.Promotions.Events;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Marketplace.Tests.Events;

/// <summary>
/// Order, payment and sub-order events go through the Kafka stream provider into real ClickHouse
/// (MARKETPLACE_CLICKHOUSE, e.g. from deploy/local/events.sh), and each query of docs/analytics.md, run as written,
/// answers what the events say.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class AnalyticsTests(KafkaBroker broker)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_documented_queries_answer_from_the_events_landed_in_clickhouse()
    {
        var clickHouseUrl = Environment.GetEnvironmentVariable("MARKETPLACE_CLICKHOUSE");
        Assert.False(string.IsNullOrEmpty(clickHouseUrl), "MARKETPLACE_CLICKHOUSE is not set; start ClickHouse with deploy/local/events.sh start");

        var topic = await broker.CreateTopicAsync("streams-analytics", 4);
        await using var cluster = await KafkaStreamsCluster.StartAsync(broker, topic, $"silos-{Guid.NewGuid():N}", silos: 1, partitions: 4,
            new Dictionary<string, string?>
            {
                ["Analytics:ClickHouse:Url"] = clickHouseUrl,
                ["Analytics:ClickHouse:Database"] = $"analytics_test_{Guid.NewGuid():N}",
                // These orders exist only as events: the order lists and purchase history cannot read them and park each
                // event once their retry budget is spent, which holds back the order's next events for analytics too.
                ["Projections:RetryBudget"] = "00:00:01",
                ["Projections:MaxRetryDelay"] = "00:00:00.200",
            });
        var grains = cluster.Client;

        // Three paid orders (one of them redelivered), one failed, one cancelled.
        var (a, b, c, d, e) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var shopper = Guid.NewGuid();
        await Order(grains, a, new OrderPlaced(a, shopper, 100m, "RUB", 1), new OrderPaid(a, shopper, Guid.NewGuid(), 100m, "RUB", []));
        await Order(grains, b, new OrderPlaced(b, shopper, 50.5m, "RUB", 2));
        var paidTwice = EventEnvelope.Wrap(b.ToString(), new OrderPaid(b, shopper, Guid.NewGuid(), 50.5m, "RUB", []), TimeProvider.System.GetUtcNow());
        await grains.GetGrain<IEventSourceGrain>(b.ToString()).EmitEnvelope(StreamNames.Orders, paidTwice);
        await grains.GetGrain<IEventSourceGrain>(b.ToString()).EmitEnvelope(StreamNames.Orders, paidTwice);
        await Order(grains, c, new OrderPlaced(c, shopper, 30m, "RUB", 1), new OrderPaid(c, shopper, Guid.NewGuid(), 30m, "RUB", []));
        await Order(grains, d, new OrderPlaced(d, shopper, 10m, "RUB", 1), new OrderFailed(d, shopper, "out of stock"));
        await Order(grains, e, new OrderPlaced(e, shopper, 20m, "RUB", 1), new OrderCancelled(e, shopper, "changed my mind"));

        // Payments: three authorised, one declined, one processor outage.
        foreach (var outcome in new IDomainEvent[]
                 {
                     new PaymentAuthorised(Guid.NewGuid(), a, 10000, "RUB"), new PaymentAuthorised(Guid.NewGuid(), b, 5050, "RUB"),
                     new PaymentAuthorised(Guid.NewGuid(), c, 3000, "RUB"), new PaymentDeclined(Guid.NewGuid(), d, "insufficient_funds"),
                     new PaymentFailed(Guid.NewGuid(), e, "processor unreachable"),
                 })
        {
            await grains.GetGrain<IEventSourceGrain>(Guid.NewGuid().ToString()).Emit(StreamNames.Payments, outcome);
        }

        // Sub-orders opened by the real seller-order grain, which publishes their status changes.
        var (sellerX, sellerY) = (Guid.NewGuid(), Guid.NewGuid());
        await OpenSubOrder(grains, a, sellerX, shopper, unitPrice: 35m, quantity: 2);
        await OpenSubOrder(grains, b, sellerY, shopper, unitPrice: 110.5m, quantity: 1);
        await OpenSubOrder(grains, c, sellerX, shopper, unitPrice: 15m, quantity: 2);

        // A promo code redeemed by a paid order, released by a failed one, and redeemed then released by a cancelled one.
        foreach (var (orderId, outcomes) in new[] { (a, "RP"), (d, "RL"), (e, "RPL") })
        {
            foreach (var outcome in outcomes)
            {
                await grains.GetGrain<IEventSourceGrain>("WINTER").Emit(StreamNames.Promotions, outcome switch
                {
                    'R' => new PromoCodeReserved("WINTER", orderId, shopper, 15m, "RUB", 0, 1, 1),
                    'P' => new PromoCodeRedeemed("WINTER", orderId, shopper, 15m, "RUB", 1, 0, 2),
                    _ => (IDomainEvent)new PromoCodeReleased("WINTER", orderId, shopper, 15m, "RUB", 0, 0, 3, "the order did not go through"),
                });
            }
        }

        var clickHouse = ClickHouseOf(cluster);
        await Eventually.Until(async () =>
                await Count(clickHouse, "orders") == 10 && await Count(clickHouse, "payments") == 5 && await Count(clickHouse, "seller_orders") >= 3
                && await Count(clickHouse, "promo_redemptions") == 7,
            Deadline, "the events to land in ClickHouse");

        var gmvPerDay = await clickHouse.QueryAsync(DocumentedQuery("GMV per day"));
        var today = Assert.Single(gmvPerDay);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), today.GetProperty("day").GetString());
        Assert.Equal(180.5m, Decimal(today.GetProperty("gmv")));
        Assert.Equal(3, Integer(today.GetProperty("orders")));

        var gmvPerSeller = (await clickHouse.QueryAsync(DocumentedQuery("GMV per seller")))
            .ToDictionary(r => Guid.Parse(r.GetProperty("seller_id").GetString()!), r => Decimal(r.GetProperty("gmv")));
        Assert.Equal(new Dictionary<Guid, decimal> { [sellerX] = 100m, [sellerY] = 110.5m }, gmvPerSeller);

        var perStatus = (await clickHouse.QueryAsync(DocumentedQuery("Orders per status")))
            .ToDictionary(r => r.GetProperty("status").GetString()!, r => Integer(r.GetProperty("orders")));
        Assert.Equal(new Dictionary<string, long> { ["Cancelled"] = 1, ["Failed"] = 1, ["Paid"] = 3 }, perStatus);

        var declines = Assert.Single(await clickHouse.QueryAsync(DocumentedQuery("Payment decline rate")));
        Assert.Equal(1, Integer(declines.GetProperty("declined")));
        Assert.Equal(4, Integer(declines.GetProperty("attempts")));
        Assert.Equal(0.25, declines.GetProperty("decline_rate").GetDouble(), precision: 6);

        var redemptions = Assert.Single(await clickHouse.QueryAsync(DocumentedQuery("Promo code redemptions")));
        Assert.Equal(("WINTER", 1L, 15m), (redemptions.GetProperty("code").GetString(), Integer(redemptions.GetProperty("redeemed")),
            Decimal(redemptions.GetProperty("platform_funded"))));
    }

    private static async Task Order(IClusterClient grains, Guid orderId, params IDomainEvent[] events)
    {
        foreach (var data in events)
        {
            await grains.GetGrain<IEventSourceGrain>(orderId.ToString()).Emit(StreamNames.Orders, data);
        }
    }

    private static Task OpenSubOrder(IClusterClient grains, Guid orderId, Guid sellerId, Guid shopperId, decimal unitPrice, int quantity) =>
        grains.GetGrain<ISellerOrderGrain>(OrderIds.SellerOrder(orderId, sellerId)).Open(new OpenSellerOrder(
            orderId, sellerId, shopperId, OrderIds.Payment(orderId),
            [new OrderLine(Guid.NewGuid(), "SKU-1", sellerId, "Kettle", unitPrice, quantity)],
            "RUB", new DeliveryAddress("Anna", "Tverskaya 1", null, "Moscow", "125009", "RU", null), DateTimeOffset.UtcNow));

    private static ClickHouseClient ClickHouseOf(InProcessTestCluster cluster) =>
        cluster.Silos[0].ServiceProvider.GetRequiredService<ClickHouseClient>();

    private static async Task<long> Count(ClickHouseClient clickHouse, string table) =>
        Integer((await clickHouse.QueryAsync($"SELECT count() AS n FROM {table} FINAL"))[0].GetProperty("n"));

    // ClickHouse's JSON output quotes 64-bit integers and decimals.
    internal static long Integer(JsonElement value) => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!) : value.GetInt64();

    internal static decimal Decimal(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();

    /// <summary>The SQL block under a "### heading" of docs/analytics.md, so the documented query is the tested one.</summary>
    internal static string DocumentedQuery(string heading)
    {
        var document = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "analytics.md"));
        var match = Regex.Match(document, $@"^### {Regex.Escape(heading)}\s*$.*?```sql\s*\n(?<sql>.*?)```", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/analytics.md has no SQL under '### {heading}'");
        return match.Groups["sql"].Value;
    }
}
