using System.Net.Http.Json;
using Marketplace.Logistics;

namespace Marketplace.Grains.Logistics.Carrier;

/// <summary>Calls the carrier's REST API. Timeouts, retries and the circuit breaker sit in the HttpClient's resilience handler.</summary>
internal sealed class CarrierClient(HttpClient http) : ICarrierClient
{
    public async Task<string> Register(Guid shipmentId, DeliveryAddress address, IReadOnlyList<ShipmentItem> items, CancellationToken cancellationToken)
    {
        var reference = shipmentId.ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/shipments")
        {
            Content = JsonContent.Create(new RegisterRequest(
                reference,
                new Recipient(address.Recipient, address.Phone),
                new Address(address.Line1, address.Line2, address.City, address.PostalCode, address.Country),
                items.Select(i => new Parcel(i.Sku, i.Title, i.Quantity)).ToList())),
        };
        request.Headers.Add("Idempotency-Key", reference);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var registered = await response.Content.ReadFromJsonAsync<RegisterResponse>(cancellationToken)
                         ?? throw new InvalidOperationException("The carrier answered the registration with an empty body.");
        return string.IsNullOrWhiteSpace(registered.TrackingNumber)
            ? throw new InvalidOperationException("The carrier answered the registration without a tracking number.")
            : registered.TrackingNumber;
    }

    public async Task<CarrierEvent?> FindEvent(string trackingNumber, Guid eventId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v1/shipments/{Uri.EscapeDataString(trackingNumber)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var parcel = await response.Content.ReadFromJsonAsync<TrackingResponse>(cancellationToken);
        return parcel?.Events?.FirstOrDefault(e => e.EventId == eventId) is { } recorded && CarrierStatuses.TryParse(recorded.Status, out var status)
            ? new CarrierEvent(recorded.Reference, recorded.Sequence, status)
            : null;
    }

    private sealed record RegisterRequest(string Reference, Recipient Recipient, Address Address, IReadOnlyList<Parcel> Parcels);
    private sealed record Recipient(string Name, string? Phone);
    private sealed record Address(string Line1, string? Line2, string City, string PostalCode, string Country);
    private sealed record Parcel(string Sku, string Title, int Quantity);
    private sealed record RegisterResponse(string TrackingNumber, string Reference);
    private sealed record TrackingResponse(string TrackingNumber, IReadOnlyList<TrackingEvent>? Events);
    private sealed record TrackingEvent(Guid EventId, string Reference, long Sequence, string Status);
}
