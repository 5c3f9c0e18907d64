using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Logistics;

/// <summary>Shipments end to end over real HTTP: sellers, couriers, operators and shoppers on their gateways, the carrier sandbox on its own.</summary>
[Collection(LogisticsDeploymentCollection.Name)]
public sealed class LogisticsHttpTests(LogisticsDeployment fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private HttpClient Gateway(Gateway gateway) => fixture.Deployment.CreateClient(gateway);

    private sealed record Parties(SignedInUser Seller, SignedInUser Shopper, SignedInUser Courier, SignedInUser Operator) : IDisposable
    {
        public void Dispose()
        {
            Seller.Dispose();
            Shopper.Dispose();
            Courier.Dispose();
            Operator.Dispose();
        }
    }

    private async Task<Parties> SignUpParties() => new(
        await Gateway(Infrastructure.Gateway.Seller).SignUpAsync("Seller"),
        await Gateway(Infrastructure.Gateway.Public).SignUpAsync("Shopper"),
        await Gateway(Infrastructure.Gateway.Logistics).SignUpAsync("Courier"),
        await Gateway(Infrastructure.Gateway.Logistics).SignInAsOperatorAsync());

    private async Task<CreateShipment> PackedShipment(Parties parties)
    {
        var order = ShipmentFactory.NewShipment(parties.Seller.UserId, parties.Shopper.UserId);
        await fixture.CreateShipment(order);
        await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/pack", new { location = "Seller's warehouse" });
        return order;
    }

    private async Task<CreateShipment> ShipmentWithCourier(Parties parties)
    {
        var order = await PackedShipment(parties);
        await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Courier" });
        await Send(parties.Operator.Client, HttpMethod.Put, $"/operator/shipments/{order.ShipmentId}/courier", new { courierId = parties.Courier.UserId });
        return order;
    }

    [Fact]
    public async Task Seller_hands_over_a_courier_delivers_and_the_shopper_tracks_every_step()
    {
        using var parties = await SignUpParties();
        using var otherSeller = await Gateway(Infrastructure.Gateway.Seller).SignUpAsync();
        using var otherShopper = await Gateway(Infrastructure.Gateway.Public).SignUpAsync();
        var order = ShipmentFactory.NewShipment(parties.Seller.UserId, parties.Shopper.UserId);
        await fixture.CreateShipment(order);
        var id = order.ShipmentId;

        using (var foreign = await Raw(otherSeller.Client, HttpMethod.Post, $"/shipments/{id}/pack", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }
        Assert.Equal(ShipmentStatus.Packed, (await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{id}/pack", new { location = "Warehouse 3" })).Status);
        var handedOver = await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{id}/hand-over", new { channel = "Courier", location = "Warehouse 3" });
        Assert.Equal(ShipmentStatus.HandedOver, handedOver.Status);
        Assert.Equal(0, (await Page(parties.Courier.Client, "/courier/shipments")).Total);
        using (var notYours = await Raw(parties.Courier.Client, HttpMethod.Get, $"/courier/shipments/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        }

        await PageUntil(parties.Operator.Client, "/operator/shipments/awaiting-courier?pageSize=100", p => p.Items.Any(s => s.ShipmentId == id),
            "the shipment in the dispatch queue");
        await Send(parties.Operator.Client, HttpMethod.Put, $"/operator/shipments/{id}/courier", new { courierId = parties.Courier.UserId });
        var assigned = await PageUntil(parties.Courier.Client, "/courier/shipments?page=1&pageSize=10", p => p.Total == 1 && p.Items.Count == 1, "the courier's list");
        Assert.Equal(id, Assert.Single(assigned.Items).ShipmentId);

        foreach (var status in new[] { ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered })
        {
            var updated = await Send(parties.Courier.Client, HttpMethod.Post, $"/courier/shipments/{id}/updates",
                new { status = status.ToString(), location = $"{status} point" }, idempotencyKey: $"{id}-{status}");
            var tracked = await Send(parties.Shopper.Client, HttpMethod.Get, $"/shipments/{id}");
            Assert.Equal(status, updated.Status);
            Assert.Equal(status, tracked.Status);
            Assert.Equal($"{status} point", tracked.History[^1].Location);
        }

        var ordersShipments = await PageUntil(parties.Shopper.Client, $"/orders/{order.OrderId}/shipments",
            p => p.Items.Any(s => s.Status == ShipmentStatus.Delivered), "the delivery in the order's shipments");
        var sellersShipments = await PageUntil(parties.Seller.Client, "/shipments", p => p.Items.Any(s => s.Status == ShipmentStatus.Delivered),
            "the delivery in the seller's shipments");
        using var strangerView = await Raw(otherShopper.Client, HttpMethod.Get, $"/shipments/{id}");
        var strangerOrder = await Page(otherShopper.Client, $"/orders/{order.OrderId}/shipments");
        Assert.Equal(ShipmentStatus.Delivered, Assert.Single(ordersShipments.Items).Status);
        Assert.Equal(ShipmentStatus.Delivered, Assert.Single(sellersShipments.Items).Status);
        Assert.Equal(HttpStatusCode.Forbidden, strangerView.StatusCode);
        Assert.Equal(0, strangerOrder.Total);
        var final = await Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{id}");
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver, ShipmentStatus.PickedUp, ShipmentStatus.InTransit,
            ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered], final.History.Select(h => h.Status));
        Assert.All(final.History.Zip(final.History.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
    }

    [Fact]
    public async Task An_illegal_step_is_a_409_and_a_retried_update_changes_nothing()
    {
        using var parties = await SignUpParties();
        var order = await ShipmentWithCourier(parties);
        var path = $"/courier/shipments/{order.ShipmentId}/updates";

        using var skipped = await Raw(parties.Courier.Client, HttpMethod.Post, path, new { status = "Delivered" }, idempotencyKey: "skip");
        var first = await Send(parties.Courier.Client, HttpMethod.Post, path, new { status = "PickedUp", updateId = "pick-1" });
        var retried = await Send(parties.Courier.Client, HttpMethod.Post, path, new { status = "PickedUp", updateId = "pick-1" });
        using var backwards = await Raw(parties.Courier.Client, HttpMethod.Post, path, new { status = "PickedUp" }, idempotencyKey: "pick-2");
        using var noId = await Raw(parties.Courier.Client, HttpMethod.Post, path, new { status = "InTransit" });

        Assert.Equal(HttpStatusCode.Conflict, skipped.StatusCode);
        using var problem = JsonDocument.Parse(await skipped.Content.ReadAsStringAsync());
        Assert.Contains("can move it to PickedUp, not to Delivered", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(first.Version, retried.Version);
        Assert.Single(retried.History, h => h.Status == ShipmentStatus.PickedUp);
        Assert.Equal(HttpStatusCode.Conflict, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_carrier_callbacks_still_only_move_the_shipment_forward()
    {
        using var parties = await SignUpParties();
        await fixture.SetCarrierMode(new { stepDelayMs = 300, duplicates = true, reorder = true });
        var order = await PackedShipment(parties);

        var handedOver = await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Carrier" });
        var delivered = await Eventually.Until(() => Send(parties.Shopper.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}"),
            s => s.Status == ShipmentStatus.Delivered && s.History.Count == 7, Patience, "delivery through the carrier");
        var sent = await Eventually.Until(() => CarrierCallbacks(handedOver.TrackingNumber!), log => log.Count(a => a.ResponseStatus == 200) == 8,
            Patience, "the carrier's last duplicate");

        Assert.Equal(CarrierRegistrationStatus.Registered, handedOver.CarrierRegistration);
        Assert.NotNull(handedOver.TrackingNumber);
        // The sandbox really misbehaved: every event twice, pairs swapped.
        Assert.Equal([2, 2, 1, 1, 4, 4, 3, 3], sent.Where(a => a.ResponseStatus == 200).Select(a => a.Sequence));
        Assert.Equal([ShipmentStatus.Created, ShipmentStatus.Packed, ShipmentStatus.HandedOver, ShipmentStatus.PickedUp, ShipmentStatus.InTransit,
            ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered], delivered.History.Select(h => h.Status));
        Assert.Equal(ShipmentStatus.Delivered, (await Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}")).Status);
    }

    [Fact]
    public async Task During_a_carrier_outage_the_hand_over_waits_and_completes_once_the_carrier_is_back()
    {
        using var parties = await SignUpParties();
        await fixture.SetCarrierMode(new { outage = true });
        var order = await PackedShipment(parties);

        var pending = await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Carrier" });
        await fixture.SetCarrierMode(new { stepDelayMs = 200 });
        var registered = await Eventually.Until(() => Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}"),
            s => s.CarrierRegistration == CarrierRegistrationStatus.Registered, Patience, "the retried carrier registration");
        var delivered = await Eventually.Until(() => Send(parties.Shopper.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}"),
            s => s.Status == ShipmentStatus.Delivered, Patience, "delivery after the outage");

        Assert.Equal(ShipmentStatus.HandedOver, pending.Status);
        Assert.Equal(CarrierRegistrationStatus.Pending, pending.CarrierRegistration);
        Assert.Null(pending.TrackingNumber);
        Assert.NotNull(registered.TrackingNumber);
        Assert.Equal(registered.TrackingNumber, delivered.TrackingNumber);
    }

    [Fact]
    public async Task The_webhook_refuses_callbacks_not_signed_with_the_shared_secret()
    {
        using var http = Gateway(Infrastructure.Gateway.Logistics);
        var body = JsonContent.Create(new { reference = Guid.NewGuid().ToString("N"), trackingNumber = "CR1", sequence = 1, status = "delivered" });

        using var unsigned = await http.PostAsync("/carrier/webhook", body);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/carrier/webhook") { Content = body };
        forged.Headers.Add("X-Carrier-Signature", $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('0', 64)}");
        using var forgedResponse = await http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task A_stale_signature_is_refused_even_when_it_matches_the_body()
    {
        using var http = Gateway(Infrastructure.Gateway.Logistics);
        var body = CallbackBody(Guid.NewGuid(), "CR1", Guid.NewGuid(), 1, "delivered");

        using var stale = await PostSigned(http, body, DateTimeOffset.UtcNow.AddMinutes(-10));
        using var future = await PostSigned(http, body, DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
    }

    [Fact]
    public async Task A_delivered_or_failed_callback_signed_with_the_secret_but_unknown_to_the_carrier_moves_no_money()
    {
        using var parties = await SignUpParties();
        // The sandbox's own parcel journey takes an hour a step: every callback in this test is the attacker's.
        await fixture.SetCarrierMode(new { stepDelayMs = 3_600_000 });
        var order = await PackedShipment(parties);
        var handedOver = await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Carrier" });
        using var http = Gateway(Infrastructure.Gateway.Logistics);

        using var delivered = await PostSigned(http, CallbackBody(order.ShipmentId, handedOver.TrackingNumber!, Guid.NewGuid(), 7, "delivered"));
        using var failed = await PostSigned(http, CallbackBody(order.ShipmentId, handedOver.TrackingNumber!, Guid.NewGuid(), 8, "delivery_failed", "Nobody home"));
        var after = await Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (delivered.StatusCode, failed.StatusCode));
        Assert.Equal(ShipmentStatus.HandedOver, after.Status);
        Assert.DoesNotContain(after.History, h => h.Status is ShipmentStatus.Delivered or ShipmentStatus.DeliveryFailed);
    }

    [Fact]
    public async Task A_repeated_event_id_changes_nothing_even_after_the_silo_restarts()
    {
        using var parties = await SignUpParties();
        await fixture.SetCarrierMode(new { stepDelayMs = 3_600_000 });
        var order = await PackedShipment(parties);
        var tracking = (await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Carrier" })).TrackingNumber!;
        using var http = Gateway(Infrastructure.Gateway.Logistics);
        var eventId = Guid.NewGuid();
        var pickedUp = CallbackBody(order.ShipmentId, tracking, eventId, 1, "picked_up");
        using (var applied = await PostSigned(http, pickedUp))
        {
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }

        // A clean stop: the silo leaves the membership, so the tests sharing this deployment are not routed to a dead silo.
        await fixture.Deployment.Silos[^1].StopAsync();
        await fixture.Deployment.StartSiloAsync();

        // The same event again, once as sent and once re-sequenced as a later step: both dropped by its id.
        using var redelivered = await Eventually.Until(() => PostSigned(http, pickedUp), r => r.StatusCode == HttpStatusCode.OK, Patience,
            "the webhook answering after the restart");
        // Until the killed silo is declared dead, a call may still be routed to it (503): only a 200 counts.
        using var resequenced = await Eventually.Until(() => PostSigned(http, CallbackBody(order.ShipmentId, tracking, eventId, 2, "in_transit")),
            r => r.StatusCode == HttpStatusCode.OK, Patience, "the re-sequenced callback answered");
        var after = await Eventually.Until(() => Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}"), _ => true, Patience,
            "the shipment read after the restart");

        Assert.Equal("Duplicate", (await redelivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Duplicate", (await resequenced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(ShipmentStatus.PickedUp, after.Status);
        Assert.Single(after.History, h => h.Status == ShipmentStatus.PickedUp);

        // The next tests of this deployment start with a sign-up on every gateway: each must have left the stopped silo behind.
        foreach (var gateway in new[] { Infrastructure.Gateway.Public, Infrastructure.Gateway.Seller, Infrastructure.Gateway.Logistics })
        {
            await Eventually.Until(async () =>
            {
                try
                {
                    using var user = await Gateway(gateway).SignUpAsync();
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, Patience, $"the {gateway} gateway serving sign-ups after the restart");
        }
    }

    private static string CallbackBody(Guid shipmentId, string trackingNumber, Guid eventId, long sequence, string status, string? reason = null) =>
        JsonSerializer.Serialize(new
        {
            eventId, trackingNumber, reference = shipmentId.ToString("N"), sequence, status, occurredAt = DateTimeOffset.UtcNow,
            location = "Moscow", reason,
        });

    /// <summary>Posts the callback signed as the carrier signs (HMAC-SHA256 of "t.body" under the webhook secret), at <paramref name="at"/>.</summary>
    private static Task<HttpResponseMessage> PostSigned(HttpClient http, string body, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LogisticsDeployment.WebhookSecret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/carrier/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Carrier-Signature", $"t={t},v1={signature}");
        return http.SendAsync(request);
    }

    [Fact]
    public async Task A_shipment_without_updates_past_its_deadline_is_on_the_operators_overdue_list_until_it_moves()
    {
        using var parties = await SignUpParties();
        var order = ShipmentFactory.NewShipment(parties.Seller.UserId, parties.Shopper.UserId);
        await fixture.CreateShipment(order);

        await Eventually.Until(async () => (await Page(parties.Operator.Client, "/operator/shipments/overdue?pageSize=100")).Items,
            items => items.Any(s => s.ShipmentId == order.ShipmentId), Patience, "the overdue alert");
        using var courierAsks = await Raw(parties.Courier.Client, HttpMethod.Get, "/operator/shipments/overdue");
        var flagged = await Send(parties.Seller.Client, HttpMethod.Get, $"/shipments/{order.ShipmentId}");
        await Send(parties.Seller.Client, HttpMethod.Post, $"/shipments/{order.ShipmentId}/pack", new { });
        var after = await PageUntil(parties.Operator.Client, "/operator/shipments/overdue?pageSize=100",
            p => p.Items.All(s => s.ShipmentId != order.ShipmentId), "the packed shipment off the overdue list");

        Assert.Equal(HttpStatusCode.Forbidden, courierAsks.StatusCode);
        Assert.NotNull(flagged.OverdueSince);
        Assert.True(flagged.OverdueSince >= flagged.LastUpdateAt + LogisticsDeployment.UpdateDeadline);
        Assert.DoesNotContain(after.Items, s => s.ShipmentId == order.ShipmentId);
    }

    private async Task<IReadOnlyList<CarrierCallbackAttempt>> CarrierCallbacks(string trackingNumber)
    {
        using var http = fixture.Carrier.CreateClient();
        return (await http.GetFromJsonAsync<List<CarrierCallbackAttempt>>($"/admin/callbacks?trackingNumber={trackingNumber}"))!;
    }

    private sealed record CarrierCallbackAttempt(long Sequence, string Status, int Attempt, int? ResponseStatus);

    /// <summary>The lists are projected from the shipments' events: waits until the page at <paramref name="path"/> shows what is expected.</summary>
    internal static Task<PagedList<ShipmentSummary>> PageUntil(HttpClient client, string path, Func<PagedList<ShipmentSummary>, bool> done, string what) =>
        Eventually.Until(() => Page(client, path), done, Patience, what);

    internal static async Task<PagedList<ShipmentSummary>> Page(HttpClient client, string path)
    {
        using var response = await Raw(client, HttpMethod.Get, path);
        await EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<PagedList<ShipmentSummary>>())!;
    }

    private static async Task<ShipmentView> Send(HttpClient client, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var response = await Raw(client, method, path, body, idempotencyKey);
        await EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<ShipmentView>())!;
    }

    private static Task<HttpResponseMessage> Raw(HttpClient client, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(request);
    }

    private static async Task EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: " +
                                           await response.Content.ReadAsStringAsync());
        }
    }
}
