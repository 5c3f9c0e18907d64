using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Marketplace.Catalog;
using Marketplace.Tests.Catalog;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Events;

/// <summary>
/// The event backbone as a whole: a silo process whose streams run over the Kafka protocol, an order placed through
/// the public gateway, and its events found on the integrators' topic, in ClickHouse and at the search subscriber.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class OrderEventsEndToEndTests(KafkaBroker broker)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Placing_an_order_reaches_the_integrators_topic_clickhouse_and_the_internal_subscribers_over_kafka()
    {
        var clickHouseUrl = TestStores.Optional("MARKETPLACE_CLICKHOUSE")
            ?? throw new InvalidOperationException("MARKETPLACE_CLICKHOUSE is not set; start ClickHouse with deploy/local/events.sh start");
        var prefix = $"e2e{Guid.NewGuid():N}";
        foreach (var domain in new[] { "orders", "payments", "shipments", "products", "sellers", "reviews" })
        {
            await broker.CreateNamedTopicAsync($"{prefix}.{domain}.v1", partitions: 2);
        }
        var streamsTopic = await broker.CreateTopicAsync("streams-e2e", partitions: 4);
        var analyticsDatabase = $"analytics_{prefix}";
        await using var processor = await PaymentGatewayProcess.StartAsync();
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public],
            environment: new Dictionary<string, string>
            {
                ["Payments__GatewayUrl"] = processor.BaseAddress.ToString(),
                ["Streams__Provider"] = "Kafka",
                ["Streams__Kafka__BootstrapServers"] = broker.BootstrapServers,
                ["Streams__Kafka__Topic"] = streamsTopic,
                ["Streams__Kafka__Partitions"] = "4",
                ["Streams__Kafka__ConsumerGroup"] = $"silos-{prefix}",
                ["IntegratorTopics__BootstrapServers"] = broker.BootstrapServers,
                ["IntegratorTopics__TopicPrefix"] = prefix,
                ["Analytics__ClickHouse__Url"] = clickHouseUrl,
                ["Analytics__ClickHouse__Database"] = analyticsDatabase,
            });
        var cluster = await deployment.ConnectClientAsync();
        var title = $"Samovar {prefix}";
        var sellerId = await cluster.NewSeller();
        var productId = Guid.NewGuid();
        var product = cluster.GetGrain<IProductGrain>(productId);
        var draft = await product.Create(sellerId, CatalogSamples.Draft(title, CatalogSamples.Variant("SAMOVAR-1", 2500m, stock: 3)));
        await product.Publish(sellerId, draft.Version);
        using var publicGateway = deployment.CreateClient(Gateway.Public);
        using var shopper = await publicGateway.SignUpAsync();

        // The search projection is an internal subscriber of the products stream: finding the product proves delivery over Kafka.
        await Eventually.Until(async () =>
        {
            var found = await publicGateway.GetFromJsonAsync<JsonElement>($"/search/products?q=samovar&sellerId={sellerId}");
            return found.GetProperty("items").GetArrayLength() == 1;
        }, Deadline, "the product to be indexed from its ProductChanged event");

        (await shopper.Client.PostAsJsonAsync("/cart/items", new { productId, sku = "SAMOVAR-1", quantity = 1 })).EnsureSuccessStatusCode();
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/checkout")
        {
            Content = JsonContent.Create(new
            {
                address = new { recipient = "Anna Ivanova", line1 = "Nevsky 10", city = "Saint Petersburg", postalCode = "191186", country = "RU" },
                paymentMethod = "pm_card_visa",
            }),
        };
        checkout.Headers.Add("Idempotency-Key", $"order-{prefix}");
        using var placed = await shopper.Client.SendAsync(checkout);
        placed.EnsureSuccessStatusCode();
        var order = await CheckoutOutcome.Ended(shopper.Client, placed);
        Assert.Equal("Paid", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("orderId").GetGuid();

        Assert.True(MessagesOn(streamsTopic, partitions: 4) > 0, "the silo's streams should have gone through the Kafka topic");
        var orderEvents = ReadTopic($"{prefix}.orders.v1", orderId.ToString(), until: types => types.Contains("OrderPaid"));
        Assert.Contains("OrderPlaced", orderEvents);
        Assert.Contains("OrderPaid", orderEvents);

        using var clickHouse = new HttpClient { BaseAddress = new Uri(clickHouseUrl) };
        var statuses = await Eventually.Until(
            () => QueryClickHouse(clickHouse, analyticsDatabase, $"SELECT status FROM orders FINAL WHERE order_id = '{orderId}'"),
            rows => rows.Contains("Paid"), Deadline, "the order's events to land in ClickHouse");
        Assert.Contains("Placed", statuses);
        var outcomes = await Eventually.Until(
            () => QueryClickHouse(clickHouse, analyticsDatabase, $"SELECT outcome FROM payments FINAL WHERE order_id = '{orderId}'"),
            rows => rows.Count > 0, Deadline, "the order's payment events to land in ClickHouse");
        Assert.NotEmpty(outcomes);
    }

    private List<string> ReadTopic(string topic, string key, Func<List<string>, bool> until)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = $"integrator-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var types = new List<string>();
        var deadline = DateTime.UtcNow + Deadline;
        while (!until(types) && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(250)) is { } message && message.Message.Key == key)
            {
                using var envelope = JsonDocument.Parse(message.Message.Value);
                Assert.Equal(key, envelope.RootElement.GetProperty("aggregateId").GetString());
                types.Add(envelope.RootElement.GetProperty("type").GetString()!);
            }
        }
        return types;
    }

    private long MessagesOn(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = $"watermarks-{Guid.NewGuid():N}",
        }).Build();
        return Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
    }

    private static async Task<List<string>> QueryClickHouse(HttpClient clickHouse, string database, string sql)
    {
        var text = await clickHouse.GetStringAsync($"?database={database}&query={Uri.EscapeDataString(sql + " FORMAT TabSeparated")}");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
