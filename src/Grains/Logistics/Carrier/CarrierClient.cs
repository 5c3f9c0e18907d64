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

    private sealed record RegisterRequest(string Reference, Recipient Recipient, Address Address, IReadOnlyList<Parcel> Parcels);
    private sealed record Recipient(string Name, string? Phone);
    private sealed record Address(string Line1, string? Line2, string City, string PostalCode, string Country);
    private sealed record Parcel(string Sku, string Title, int Quantity);
    private sealed record RegisterResponse(string TrackingNumber, string Reference);
}
