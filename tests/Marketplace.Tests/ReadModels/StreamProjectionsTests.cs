using Marketplace.Common;
using Marketplace.Grains.ReadModels;

namespace Marketplace.Tests.ReadModels;

/// <summary>
/// The aggregate stream's one subscriber hands each event to every projection of its namespace: each gets it even when
/// another keeps failing (that one is parked), and none gets an event of a namespace it did not name.
/// </summary>
public sealed class StreamProjectionsTests
{
    [Fact]
    public async Task Every_projection_of_the_namespace_gets_the_event_and_no_other_does()
    {
        var products = new RecordingProjection("products", [StreamNames.Products]);
        var orders = new RecordingProjection("orders", [StreamNames.Orders]);
        var both = new RecordingProjection("both", [StreamNames.Orders, StreamNames.Products]);
        var projections = new StreamProjections([products, orders, both], ProjectionDeliveryTests.Delivery(new InMemoryDeadLetterStore()));
        var envelope = ProjectionDeliveryTests.Envelope();

        await projections.DeliverAsync(StreamNames.Products, envelope);

        Assert.Equal([envelope.EventId], products.Applied);
        Assert.Equal([envelope.EventId], both.Applied);
        Assert.Empty(orders.Applied);
    }

    [Fact]
    public async Task A_projection_that_keeps_failing_is_parked_and_the_others_still_apply_the_event()
    {
        var deadLetters = new InMemoryDeadLetterStore();
        var working = new RecordingProjection("working", [StreamNames.Products]);
        var projections = new StreamProjections([new RecordingProjection("failing", [StreamNames.Products], fails: true), working],
            ProjectionDeliveryTests.Delivery(deadLetters));
        var envelope = ProjectionDeliveryTests.Envelope();

        await projections.DeliverAsync(StreamNames.Products, envelope);

        Assert.Equal([envelope.EventId], working.Applied);
        var parked = Assert.Single((await deadLetters.ListAsync(1, 10, null, default)).Items);
        Assert.Equal(("failing", envelope.EventId), (parked.Projection, parked.EventId));
    }

    [Fact]
    public void A_projection_of_a_namespace_the_subscriber_does_not_subscribe_to_fails_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new StreamProjections(
            [new RecordingProjection("activity", [StreamNames.UserActivity])], ProjectionDeliveryTests.Delivery(new InMemoryDeadLetterStore())));

        Assert.Contains(StreamNames.UserActivity, error.Message);
    }

    private sealed class RecordingProjection(string name, IReadOnlyCollection<string> namespaces, bool fails = false) : IReadModelProjection
    {
        public List<Guid> Applied { get; } = [];

        public string Name => name;

        public IReadOnlyCollection<string> StreamNamespaces => namespaces;

        public async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (fails)
            {
                throw new InvalidOperationException("store unavailable");
            }
            Applied.Add(envelope.EventId);
        }
    }
}
