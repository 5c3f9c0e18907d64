using System.Collections.Concurrent;
using Marketplace.Grains.Logistics;
using Marketplace.Grains.Logistics.Carrier;
using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Marketplace.Tests.Logistics;

/// <summary>
/// A TestingHost cluster of the marketplace grains in which the carrier and ordering are fakes the tests steer and observe,
/// and the logistics deadlines are seconds, so reminders fire within a test.
/// </summary>
public sealed class LogisticsGrainCluster : IAsyncLifetime
{
    public static readonly TimeSpan UpdateDeadline = TimeSpan.FromSeconds(3);

    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await MarketplaceTestCluster.StartAsync(
        new Dictionary<string, string?>
        {
            ["Logistics:UpdateDeadline"] = UpdateDeadline.ToString(),
            ["Outbox:FirstRetryDelay"] = "00:00:00.500",
            ["Outbox:MaxRetryDelay"] = "00:00:00.500",
        },
        replaceServices: services =>
        {
            services.AddSingleton<ICarrierClient>(FakeCarrier.Instance);
            services.AddSingleton<IOrderingCallbacks>(RecordingOrdering.Instance);
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LogisticsGrainCollection : ICollectionFixture<LogisticsGrainCluster>
{
    public const string Name = "logistics grains";
}

/// <summary>A carrier that is up unless a test takes it down for one shipment, and that holds the events tests say it carried.</summary>
public sealed class FakeCarrier : ICarrierClient
{
    public static FakeCarrier Instance { get; } = new();

    private readonly ConcurrentDictionary<Guid, bool> _down = new();
    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentDictionary<Guid, CarrierEvent> _events = new();

    /// <summary>Records <paramref name="update"/> as an event the carrier really had for the shipment, and returns it.</summary>
    public CarrierUpdate Carried(Guid shipmentId, CarrierUpdate update)
    {
        _events[update.EventId] = new CarrierEvent(shipmentId.ToString("N"), update.Sequence, update.Status);
        return update;
    }

    public Task<CarrierEvent?> FindEvent(string trackingNumber, Guid eventId, CancellationToken cancellationToken) =>
        Task.FromResult(_events.GetValueOrDefault(eventId));

    public void SetDown(Guid shipmentId, bool down) => _down[shipmentId] = down;

    public int Attempts(Guid shipmentId) => _attempts.GetValueOrDefault(shipmentId);

    public static string TrackingNumberOf(Guid shipmentId) => $"FAKE{shipmentId:N}"[..16];

    public Task<string> Register(Guid shipmentId, DeliveryAddress address, IReadOnlyList<ShipmentItem> items, CancellationToken cancellationToken)
    {
        _attempts.AddOrUpdate(shipmentId, 1, (_, n) => n + 1);
        return _down.GetValueOrDefault(shipmentId)
            ? Task.FromException<string>(new HttpRequestException("503 Service Unavailable"))
            : Task.FromResult(TrackingNumberOf(shipmentId));
    }
}

/// <summary>Records the callbacks ordering received, per sub-order; can refuse them for a while to prove the retry.</summary>
public sealed class RecordingOrdering : IOrderingCallbacks
{
    public static RecordingOrdering Instance { get; } = new();

    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<string>> _calls = new();
    private readonly ConcurrentDictionary<Guid, bool> _refusing = new();

    public IReadOnlyList<string> Calls(Guid sellerOrderId) => _calls.TryGetValue(sellerOrderId, out var calls) ? calls.ToList() : [];

    public void Refuse(Guid sellerOrderId, bool refuse) => _refusing[sellerOrderId] = refuse;

    public Task HandedOver(Guid sellerOrderId, Guid shipmentId, string? trackingNumber) => Record(sellerOrderId, $"HandedOver:{trackingNumber}");

    public Task Delivered(Guid sellerOrderId, Guid shipmentId, DateTimeOffset deliveredAt) => Record(sellerOrderId, "Delivered");

    public Task Failed(Guid sellerOrderId, Guid shipmentId, string reason) => Record(sellerOrderId, $"Failed:{reason}");

    public Task ReturnParcel(Guid returnId, Guid shipmentId, OrderingCallback callback) => Record(returnId, $"Return{callback.Kind}");

    private Task Record(Guid sellerOrderId, string call)
    {
        if (_refusing.GetValueOrDefault(sellerOrderId))
        {
            return Task.FromException(new TimeoutException("ordering is not answering"));
        }
        _calls.GetOrAdd(sellerOrderId, _ => new ConcurrentQueue<string>()).Enqueue(call);
        return Task.CompletedTask;
    }
}

public static class ShipmentFactory
{
    public static CreateShipment NewShipment(Guid? sellerId = null, Guid? shopperId = null, Guid? orderId = null) => new(
        Guid.NewGuid(), orderId ?? Guid.NewGuid(), Guid.NewGuid(), sellerId ?? Guid.NewGuid(), shopperId ?? Guid.NewGuid(),
        [new ShipmentItem(Guid.NewGuid(), "SKU-1", "Kettle", 2)],
        new DeliveryAddress("Ivan Petrov", "Tverskaya 1", null, "Moscow", "125009", "RU", "+7 900 000 00 00"));
}
