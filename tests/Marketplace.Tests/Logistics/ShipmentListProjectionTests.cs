using Marketplace.Common;
using Marketplace.Grains.Logistics.Lists;
using Marketplace.Logistics;
using Marketplace.Logistics.Events;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Logistics;

/// <summary>
/// The shipment lists' projection as the silo runs it: fed by the stream, its row follows the shipment; an event
/// delivered again, late or many times at once changes nothing, and a row from an older read never wins.
/// </summary>
[Collection(LogisticsGrainCollection.Name)]
public sealed class ShipmentListProjectionTests(LogisticsGrainCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    [Fact]
    public async Task Redelivered_late_and_concurrent_events_leave_the_row_of_the_newest_shipment()
    {
        var store = Silo.GetRequiredService<IShipmentListStore>();
        var projection = Silo.GetRequiredService<ShipmentListProjection>();
        var order = ShipmentFactory.NewShipment();
        var grain = fixture.Grains.GetGrain<IShipmentGrain>(order.ShipmentId);
        await grain.Create(order);
        await grain.MarkPacked(order.SellerId, null);
        var handedOver = await grain.HandOver(order.SellerId, new HandOverShipment(DeliveryChannel.Courier, null));
        // The deadline of this cluster is seconds: an overdue flag may add a version while the test waits, hence ">=".
        var queued = await Eventually.Until(() => store.FindAsync(order.ShipmentId, default), r => r?.Version >= handedOver.Version, Patience,
            "the hand-over projected");
        var courierId = Guid.NewGuid();
        var assigned = await grain.AssignCourier(courierId);
        var assignedRow = await Eventually.Until(() => store.FindAsync(order.ShipmentId, default), r => r?.Version >= assigned.Version, Patience,
            "the assignment projected");
        ShipmentView delivered = assigned;
        foreach (var status in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered })
        {
            delivered = await grain.ApplyCourierUpdate(courierId, new CourierUpdate($"{status}", status, null, null));
        }
        var final = await Eventually.Until(() => store.FindAsync(order.ShipmentId, default), r => r?.Version == delivered.Version, Patience,
            "the delivery projected");

        // The first event again, many times at once, then rows that slow projections read before the newest change.
        var created = EventEnvelope.Wrap(order.ShipmentId.ToString(), new ShipmentCreated(order.ShipmentId, order.OrderId, order.SellerOrderId,
            order.SellerId, order.ShopperId), TimeProvider.System.GetUtcNow());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => projection.ApplyAsync(created, default)));
        var lateWrites = new[] { await store.ApplyAsync(queued!, replaceSameVersion: false, default), await store.ApplyAsync(assignedRow!, false, default) };

        Assert.NotNull(queued!.AwaitingCourierSince);
        Assert.Null(assignedRow!.AwaitingCourierSince);
        Assert.Equal(courierId, assignedRow.Summary.CourierId);
        Assert.Equal(ShipmentListRow.Of(delivered, LogisticsGrainCluster.UpdateDeadline), final);
        Assert.Null(final!.DueAt);
        Assert.Equal([false, false], lateWrites);
        Assert.Equal(final, await store.FindAsync(order.ShipmentId, default));
        var lists = fixture.Grains.GetGrain<IShipmentListsGrain>(0);
        Assert.Equal(ShipmentStatus.Delivered, Assert.Single((await lists.Page(ShipmentList.Courier(courierId), 1, 10)).Items).Status);
        Assert.DoesNotContain((await lists.Page(ShipmentList.AwaitingCourier, 1, 100)).Items, s => s.ShipmentId == order.ShipmentId);
    }
}
