using System.Collections.Concurrent;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Sellers;
using Marketplace.Sellers.Events;
using Marketplace.Tests.Catalog;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.Streams.Core;
using Orleans.TestingHost;

namespace Marketplace.Tests.Events;

/// <summary>
/// The aggregates' outbox under a crash injected right after a state write: the activation that wrote dies before
/// any of its events reaches a stream, and the outbox reminder brings the aggregate back to deliver them.
/// </summary>
public sealed class OutboxTests(OutboxTests.Cluster fixture) : IClassFixture<OutboxTests.Cluster>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_seller_event_written_by_an_activation_that_died_before_publishing_arrives_once_after_reactivation()
    {
        var sellerId = Guid.NewGuid();
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        CrashAfterWrite.Arm(sellerId.ToString());

        await seller.Onboard(CatalogSamples.Application());

        // Nobody calls the seller again: only its outbox reminder can bring the event out.
        var onboarded = await OutboxProbe.Wait(sellerId.ToString(), 1, Recovery);
        Assert.Equal(nameof(SellerChanged), onboarded[0].Type);
        Assert.Equal(1, onboarded[0].Sequence);

        // A later change, after the seller was deactivated once more, comes next and alone: the first event is not sent again.
        await fixture.DeactivateIdleGrains();
        await seller.ChangeStatus(SellerStatus.Active, null);
        var all = await OutboxProbe.Wait(sellerId.ToString(), 2, Recovery);
        Assert.Equal([1, 2], all.Select(e => e.Sequence));
        Assert.Equal(2, all.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(SellerStatus.Active, Assert.IsType<SellerChanged>(all[1].Data).Status);
        Assert.All(all, e => Assert.Equal(1, OutboxProbe.DeliveriesOf(e.EventId)));
    }

    [Fact]
    public async Task A_checkout_whose_activation_died_after_placing_delivers_placed_then_paid_exactly_once()
    {
        var sellerId = await fixture.Grains.ActiveSeller();
        var product = await fixture.Grains.PublishedProduct(sellerId, CatalogSeeding.Kettle(250m, stock: 5));
        var shopperId = Guid.NewGuid();
        var orderId = OrderIds.ForCheckout(shopperId, "outbox-crash");
        CrashAfterWrite.Arm(orderId.ToString());

        var placed = await fixture.Grains.GetGrain<IOrderGrain>(orderId).Place(CheckoutCluster.Checkout(shopperId, "pm_card_visa", (product.ProductId, product.Variants[0].Sku, 2)) with
        {
            RequestHash = "outbox-crash",
        });

        // The saga went on in the dying activation (its writes succeeded), but neither event left it.
        Assert.Equal(OrderStatus.Paid, placed.Status);
        // The order's stream also carries its sub-orders' events, numbered by each sub-order.
        var events = await OutboxProbe.Wait(orderId.ToString(), 2, Recovery, e => e.Data is OrderPlaced or OrderPaid);
        Assert.Equal([nameof(OrderPlaced), nameof(OrderPaid)], events.Select(e => e.Type));
        Assert.Equal([1, 2], events.Select(e => e.Sequence));
        Assert.Equal(placed.PaymentId, Assert.IsType<OrderPaid>(events[1].Data).PaymentId);
        Assert.All(events, e => Assert.Equal(1, OutboxProbe.DeliveriesOf(e.EventId)));
        Assert.True(CrashAfterWrite.Crashed(orderId.ToString()));
    }

    public sealed class Cluster : IAsyncLifetime
    {
        private PaymentGatewayProcess _gateway = null!;
        private InProcessTestCluster _cluster = null!;

        public IGrainFactory Grains => _cluster.Client;

        public async Task InitializeAsync()
        {
            _gateway = await PaymentGatewayProcess.StartAsync();
            _cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
            {
                ["Payments:GatewayUrl"] = _gateway.BaseAddress.ToString(),
                ["Outbox:ReminderPeriod"] = "00:00:02",
                ["Outbox:FirstRetryDelay"] = "00:00:00.200",
                ["Outbox:MaxRetryDelay"] = "00:00:01",
            }, replaceServices: services =>
            {
                var streams = services.Single(s => s.ServiceType == typeof(IEventDispatcher));
                services.Remove(streams);
                services.AddSingleton<IEventDispatcher>(sp => new CrashAfterWrite((IEventDispatcher)ActivatorUtilities.CreateInstance(sp, streams.ImplementationType!)));
            });
        }

        public Task DeactivateIdleGrains() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        public async Task DisposeAsync()
        {
            await _cluster.DisposeAsync();
            await _gateway.DisposeAsync();
        }
    }
}

/// <summary>
/// The fault: the first dispatch of an armed aggregate kills its activation, so that activation delivers nothing,
/// as if its silo had died right after the state write. Later activations dispatch normally.
/// </summary>
public sealed class CrashAfterWrite(IEventDispatcher streams) : IEventDispatcher
{
    private static readonly ConcurrentDictionary<string, Grain?> Armed = new();

    public static void Arm(string aggregateId) => Armed[aggregateId] = null;

    public static bool Crashed(string aggregateId) => Armed.TryGetValue(aggregateId, out var dead) && dead is not null;

    public Task Publish(Grain publisher, string streamNamespace, EventEnvelope envelope)
    {
        if (!Armed.TryGetValue(envelope.AggregateId, out var dead))
        {
            return streams.Publish(publisher, streamNamespace, envelope);
        }
        if (dead is null && Armed.TryUpdate(envelope.AggregateId, publisher, null))
        {
            publisher.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "fault injected after the state write"));
            dead = publisher;
        }
        return ReferenceEquals(dead, publisher)
            ? Task.FromException(new IOException($"Injected crash: the activation of {envelope.AggregateId} is dead."))
            : streams.Publish(publisher, streamNamespace, envelope);
    }
}

/// <summary>Every event the probe subscribers saw, per aggregate, in delivery order, applied once per event id.</summary>
public static class OutboxProbe
{
    private static readonly ConcurrentDictionary<string, List<EventEnvelope>> Applied = new();
    private static readonly ConcurrentDictionary<Guid, int> Deliveries = new();

    public static void Record(EventEnvelope envelope)
    {
        Deliveries.AddOrUpdate(envelope.EventId, 1, (_, n) => n + 1);
        var events = Applied.GetOrAdd(envelope.AggregateId, _ => []);
        lock (events)
        {
            if (events.All(e => e.EventId != envelope.EventId))
            {
                events.Add(envelope);
            }
        }
    }

    public static int DeliveriesOf(Guid eventId) => Deliveries.GetValueOrDefault(eventId);

    /// <summary>Waits until the aggregate has at least <paramref name="count"/> distinct events (of those <paramref name="which"/> picks).</summary>
    public static Task<List<EventEnvelope>> Wait(string aggregateId, int count, TimeSpan timeout, Func<EventEnvelope, bool>? which = null) =>
        Eventually.Until(() => Task.FromResult(Snapshot(aggregateId).Where(which ?? (_ => true)).ToList()), e => e.Count >= count, timeout,
            $"{count} events of {aggregateId}");

    private static List<EventEnvelope> Snapshot(string aggregateId)
    {
        var events = Applied.GetOrAdd(aggregateId, _ => []);
        lock (events)
        {
            return [.. events];
        }
    }
}

public abstract class OutboxProbeSubscriber : Grain, IStreamSubscriptionObserver
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) =>
        {
            OutboxProbe.Record(envelope);
            return Task.CompletedTask;
        });
}

[ImplicitStreamSubscription(StreamNames.Orders)]
public sealed class OrdersOutboxProbe : OutboxProbeSubscriber, IGrainWithStringKey;

[ImplicitStreamSubscription(StreamNames.Sellers)]
public sealed class SellersOutboxProbe : OutboxProbeSubscriber, IGrainWithStringKey;
