using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Marketplace.External.Carrier;

/// <summary>The parcels the carrier knows, in memory. A reference registers once: asking again returns the same parcel.</summary>
public sealed class ShipmentBook(JourneyRunner journeys, SandboxMode mode, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CarrierParcel> _byReference = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CarrierParcel> _byTracking = new(StringComparer.Ordinal);

    /// <summary>Registers the parcel and starts its journey; <c>created</c> is false when the reference was already registered.</summary>
    public (CarrierParcel Parcel, bool Created) Register(RegisterRequest request)
    {
        var created = false;
        var parcel = _byReference.GetOrAdd(request.Reference, reference =>
        {
            created = true;
            return new CarrierParcel(NewTrackingNumber(), reference, request.Address.City, clock.GetUtcNow());
        });
        if (created)
        {
            _byTracking[parcel.TrackingNumber] = parcel;
            journeys.Start(parcel, mode.Current);
        }
        return (parcel, created);
    }

    public CarrierParcel? Find(string trackingNumber) => _byTracking.GetValueOrDefault(trackingNumber);

    public void Reset()
    {
        _byReference.Clear();
        _byTracking.Clear();
    }

    private static string NewTrackingNumber() => $"CR{RandomNumberGenerator.GetInt32(0, int.MaxValue):D10}";
}

/// <summary>One parcel and the events that happened to it so far.</summary>
public sealed class CarrierParcel(string trackingNumber, string reference, string city, DateTimeOffset registeredAt)
{
    private readonly List<TrackingEvent> _events = [];

    public string TrackingNumber { get; } = trackingNumber;
    public string Reference { get; } = reference;
    public string City { get; } = city;
    public DateTimeOffset RegisteredAt { get; } = registeredAt;

    public void Record(TrackingEvent trackingEvent)
    {
        lock (_events) { _events.Add(trackingEvent); }
    }

    public TrackingView View()
    {
        lock (_events)
        {
            var events = _events.OrderBy(e => e.Sequence).ToList();
            return new TrackingView(TrackingNumber, Reference, events.LastOrDefault()?.Status ?? CarrierStatus.Registered, events);
        }
    }
}
