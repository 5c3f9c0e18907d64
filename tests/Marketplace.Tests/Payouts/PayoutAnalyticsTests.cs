using Marketplace.Common;
using Marketplace.Grains.Analytics;
using Marketplace.Payouts.Events;
using Marketplace.Tests.Events;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Tests.Events.AnalyticsTests;

namespace Marketplace.Tests.Payouts;

/// <summary>Payout events go through the Kafka stream provider into real ClickHouse, and the payouts query of docs/analytics.md answers what they say.</summary>
[Collection(KafkaCollection.Name)]
public sealed class PayoutAnalyticsTests(KafkaBroker broker)
{
    [Fact]
    public async Task Payouts_land_in_clickhouse_once_each_and_the_documented_query_sums_what_each_seller_was_paid_and_refused()
    {
        var clickHouseUrl = Environment.GetEnvironmentVariable("MARKETPLACE_CLICKHOUSE");
        Assert.False(string.IsNullOrEmpty(clickHouseUrl), "MARKETPLACE_CLICKHOUSE is not set; start ClickHouse with deploy/local/events.sh start");
        var topic = await broker.CreateTopicAsync("streams-payout-analytics", 4);
        await using var cluster = await KafkaStreamsCluster.StartAsync(broker, topic, $"silos-{Guid.NewGuid():N}", silos: 1, partitions: 4,
            new Dictionary<string, string?>
            {
                ["Analytics:ClickHouse:Url"] = clickHouseUrl,
                ["Analytics:ClickHouse:Database"] = $"analytics_test_{Guid.NewGuid():N}",
            });
        var (run, paidSeller, refusedSeller) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (first, second, refused) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await Emit(cluster.Client, first, new PayoutRequested(first, run, paidSeller, 262_500, "RUB"), new PayoutIssued(first, run, paidSeller, 262_500, "RUB", "po_1"));
        var redelivered = EventEnvelope.Wrap(second.ToString(), new PayoutIssued(second, run, paidSeller, 1_050, "RUB", "po_2"), DateTimeOffset.UtcNow);
        await cluster.Client.GetGrain<IEventSourceGrain>(second.ToString()).EmitEnvelope(StreamNames.Payouts, redelivered);
        await cluster.Client.GetGrain<IEventSourceGrain>(second.ToString()).EmitEnvelope(StreamNames.Payouts, redelivered);
        await Emit(cluster.Client, refused, new PayoutRequested(refused, run, refusedSeller, 17_000, "RUB"),
            new PayoutAttemptFailed(refused, refusedSeller, 1, "http_503", DateTimeOffset.UtcNow.AddSeconds(5)),
            new PayoutFailed(refused, run, refusedSeller, 17_000, "RUB", "account_closed"));

        var clickHouse = cluster.Silos[0].ServiceProvider.GetRequiredService<ClickHouseClient>();
        await Eventually.Until(async () => Integer((await clickHouse.QueryAsync("SELECT count() AS n FROM payouts FINAL"))[0].GetProperty("n")) == 6,
            TimeSpan.FromSeconds(60), "the payout events to land in ClickHouse");

        var rows = (await clickHouse.QueryAsync(DocumentedQuery("Payouts per seller and month"))).ToDictionary(r => Guid.Parse(r.GetProperty("seller_id").GetString()!));
        Assert.Equal(2635.50m, Decimal(rows[paidSeller].GetProperty("paid_out")));
        Assert.Equal(2, Integer(rows[paidSeller].GetProperty("payouts")));
        Assert.Equal(0, Integer(rows[paidSeller].GetProperty("refused")));
        Assert.Equal(0m, Decimal(rows[refusedSeller].GetProperty("paid_out")));
        Assert.Equal(1, Integer(rows[refusedSeller].GetProperty("refused")));
    }

    private static async Task Emit(IClusterClient grains, Guid payoutId, params IDomainEvent[] events)
    {
        foreach (var data in events)
        {
            await grains.GetGrain<IEventSourceGrain>(payoutId.ToString()).Emit(StreamNames.Payouts, data);
        }
    }
}
