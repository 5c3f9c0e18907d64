using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Logistics;

namespace Marketplace.Tests.Operations;

/// <summary>The outbox-depth gauge follows a shipment's callback that ordering does not take: up while it waits, back to zero once it lands.</summary>
[Collection(LogisticsGrainCollection.Name)]
public sealed class ShipmentOutboxMetricsTests(LogisticsGrainCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_callback_ordering_does_not_take_is_counted_as_pending_until_it_lands()
    {
        using var meters = new MeterRecorder(fixture.Cluster);
        var order = ShipmentFactory.NewShipment();
        var shipment = fixture.Grains.GetGrain<IShipmentGrain>(order.ShipmentId);
        await shipment.Create(order);
        await shipment.MarkPacked(order.SellerId, null);
        RecordingOrdering.Instance.Refuse(order.SellerOrderId, true);

        await shipment.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, null));
        Assert.True(meters.Read("marketplace.outbox.pending") >= 1);
        Assert.True(meters.Sum("marketplace.outbox.delivery_failures", ("aggregate", "shipment")) >= 1);

        RecordingOrdering.Instance.Refuse(order.SellerOrderId, false);
        await Eventually.Until(() => Task.FromResult(RecordingOrdering.Instance.Calls(order.SellerOrderId).Count == 1), Patience, "the hand-over callback to land");
        await Eventually.Until(() => Task.FromResult(meters.Read("marketplace.outbox.pending") == 0), Patience, "the outbox to empty");
        Assert.Equal(1, meters.Sum("marketplace.shipments.status_changes", ("status", nameof(ShipmentStatus.HandedOver))));
    }
}
