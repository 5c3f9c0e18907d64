using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Returns;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Logistics;

namespace Marketplace.Tests.Returns;

/// <summary>
/// The logistics deployment (silo on PostgreSQL and Redis, the three gateways, the card processor and the carrier as real
/// processes) with the returns' clocks in seconds: the seller's deadline, the refund's checks and back-off, the payment's
/// retries; no scheduled payout run (a test starts the runs it checks); and ClickHouse when MARKETPLACE_CLICKHOUSE names
/// one (tests/run.sh starts it).
/// </summary>
public sealed class ReturnsDeployment : LogisticsDeployment
{
    public static readonly TimeSpan SellerDecisionWindow = TimeSpan.FromSeconds(20);

    public string? ClickHouseUrl { get; } = Environment.GetEnvironmentVariable("MARKETPLACE_CLICKHOUSE") is { Length: > 0 } url ? url : null;

    public string AnalyticsDatabase { get; } = $"returns_test_{Guid.NewGuid():N}";

    protected override IReadOnlyDictionary<string, string> MoreEnvironment
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Returns__SellerDecisionWindow"] = SellerDecisionWindow.ToString(),
                ["Returns__RefundCheckInterval"] = "00:00:01",
                ["Returns__FirstRefundRetryDelay"] = "00:00:01",
                ["Returns__MaxRefundRetryDelay"] = "00:00:02",
                ["Payments__AttemptTimeout"] = "00:00:01",
                ["Payments__FirstRetryDelay"] = "00:00:00.300",
                ["Payments__MaxRetryDelay"] = "00:00:01",
                ["Payouts__ScheduleEnabled"] = "false",
            };
            if (ClickHouseUrl is { } clickHouse)
            {
                settings["Analytics__ClickHouse__Url"] = clickHouse;
                settings["Analytics__ClickHouse__Database"] = AnalyticsDatabase;
            }
            return settings;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReturnsDeploymentCollection : ICollectionFixture<ReturnsDeployment>
{
    public const string Name = "returns deployment";
}

/// <summary>
/// Drives one shopper's purchase to the door and back over the gateways: buys through checkout's own buy-now request,
/// has the seller hand the parcel to a courier, the dispatcher assign it and the courier walk it, and asks for returns.
/// </summary>
internal sealed class ReturnsDriver(ReturnsDeployment fixture, SignedInUser seller, SignedInUser shopper, SignedInUser courier, SignedInUser dispatcher)
    : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public static readonly ShipmentStatus[] ToTheDoor = [ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery, ShipmentStatus.Delivered];

    public SignedInUser Seller => seller;
    public SignedInUser Shopper => shopper;
    public SignedInUser Courier => courier;
    public SignedInUser Dispatcher => dispatcher;

    public static async Task<ReturnsDriver> StartAsync(ReturnsDeployment fixture)
    {
        var deployment = fixture.Deployment;
        var seller = await deployment.CreateClient(Gateway.Seller).SignUpAsync("Kettle shop");
        await fixture.Cluster.ActiveSeller("Kettle shop", seller.UserId);
        return new ReturnsDriver(fixture, seller, await deployment.CreateClient(Gateway.Public).SignUpAsync("Shopper"),
            await deployment.CreateClient(Gateway.Logistics).SignUpAsync("Courier"), await deployment.CreateClient(Gateway.Logistics).SignInAsOperatorAsync());
    }

    /// <summary>A published kettle of the seller's at <paramref name="price"/> with <paramref name="stock"/> units of SKU-1.</summary>
    public async Task<Guid> ListKettle(decimal price, int stock) =>
        (await fixture.Cluster.PublishedProduct(seller.UserId, CatalogSeeding.Kettle(price, stock))).ProductId;

    /// <summary>
    /// Buys <paramref name="quantity"/> units now (with <paramref name="promoCode"/> if any), paid; the order with its one
    /// sub-order. A 503 (the cluster too slow to answer in time on a loaded machine) is retried as a client would, with
    /// the same idempotency key.
    /// </summary>
    public async Task<OrderView> Buy(Guid productId, int quantity, string? promoCode = null)
    {
        var key = $"order-{Guid.NewGuid():N}";
        using var placed = await Eventually.Until(() => CheckoutOverHttpTests.BuyNow(shopper.Client, key, productId, quantity, promoCode),
            response => response.StatusCode != HttpStatusCode.ServiceUnavailable, Patience, "the checkout answered");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<OrderView>())!;
        return await Eventually.Until(() => shopper.Client.GetFromJsonAsync<OrderView>($"/orders/{order.OrderId}")!,
            o => o!.Status == OrderStatus.Paid, Patience, "the order paid") ?? throw new InvalidOperationException();
    }

    /// <summary>The seller packs and hands the parcel to the courier service, the dispatcher gives it to the courier, who takes <paramref name="steps"/>.</summary>
    public async Task Ship(Guid shipmentId, params ShipmentStatus[] steps)
    {
        await Send(seller.Client, HttpMethod.Post, $"/shipments/{shipmentId}/pack", new { location = "Kettle shop warehouse" });
        await Send(seller.Client, HttpMethod.Post, $"/shipments/{shipmentId}/hand-over", new { channel = "Courier" });
        await Carry(shipmentId, steps);
    }

    /// <summary>The dispatcher gives a parcel waiting for a courier to ours, who takes <paramref name="steps"/> in turn.</summary>
    public async Task Carry(Guid shipmentId, params ShipmentStatus[] steps)
    {
        await Send(dispatcher.Client, HttpMethod.Put, $"/operator/shipments/{shipmentId}/courier", new { courierId = courier.UserId });
        foreach (var step in steps)
        {
            await Step(shipmentId, step);
        }
    }

    public Task Step(Guid shipmentId, ShipmentStatus step) =>
        Send(courier.Client, HttpMethod.Post, $"/courier/shipments/{shipmentId}/updates", new { status = step.ToString(), updateId = $"{shipmentId}/{step}" });

    /// <summary>Bought and delivered: the sub-order as ordering reports it delivered.</summary>
    public async Task<SellerOrderView> Delivered(Guid productId, int quantity, string? promoCode = null)
    {
        var order = await Buy(productId, quantity, promoCode);
        var subOrder = Assert.Single(order.SellerOrders);
        await Ship(subOrder.ShipmentId, ToTheDoor);
        return await UntilSubOrder(order.OrderId, SellerOrderStatus.Delivered);
    }

    public async Task<SellerOrderView> UntilSubOrder(Guid orderId, SellerOrderStatus status) =>
        Assert.Single((await Eventually.Until(() => shopper.Client.GetFromJsonAsync<OrderView>($"/orders/{orderId}")!,
            o => o!.SellerOrders.Single().Status == status, Patience, $"the sub-order {status}"))!.SellerOrders);

    /// <summary>Asks for a return of <paramref name="quantity"/> units of SKU-1; the raw answer.</summary>
    public Task<HttpResponseMessage> RequestReturn(SellerOrderView subOrder, int quantity, string reason = "Defective", string method = "CourierPickup",
        string? key = null) =>
        RequestReturn(key ?? $"return-{Guid.NewGuid():N}", new
        {
            orderId = subOrder.OrderId, sellerOrderId = subOrder.SellerOrderId, reason, method, comment = "The lid does not close.",
            items = new[] { new { productId = subOrder.Lines[0].ProductId, sku = "SKU-1", quantity } },
        });

    public async Task<HttpResponseMessage> RequestReturn(string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/returns") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return await shopper.Client.SendAsync(request);
    }

    public async Task<ReturnView> Requested(SellerOrderView subOrder, int quantity, string reason = "Defective")
    {
        using var response = await RequestReturn(subOrder, quantity, reason);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /returns answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReturnView>())!;
    }

    /// <summary>The seller's view of the return and its ETag.</summary>
    public async Task<(ReturnView View, EntityTagHeaderValue ETag)> SellerReads(Guid returnId)
    {
        using var response = await seller.Client.GetAsync($"/returns/{returnId}");
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<ReturnView>())!, response.Headers.ETag!);
    }

    /// <summary>A seller's versioned change (decision or receipt) on the ETag it read: the raw answer.</summary>
    public async Task<HttpResponseMessage> SellerPosts(Guid returnId, string action, object body, EntityTagHeaderValue? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/returns/{returnId}/{action}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }
        return await seller.Client.SendAsync(request);
    }

    public async Task<ReturnView> SellerApproves(Guid returnId)
    {
        var (_, etag) = await SellerReads(returnId);
        using var approved = await SellerPosts(returnId, "decision", new { approve = true }, etag);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return (await approved.Content.ReadFromJsonAsync<ReturnView>())!;
    }

    /// <summary>The approved return's parcel, collected by the courier and carried <paramref name="steps"/>.</summary>
    public async Task<ReturnView> SendBack(Guid returnId, params ShipmentStatus[] steps)
    {
        var approved = await UntilShopperSees(returnId, r => r.ShipmentId is not null, "the return parcel arranged");
        await Eventually.Until(async () => (await fixture.Cluster.GetGrain<IShipmentGrain>(approved.ShipmentId!.Value).Get()).Status == ShipmentStatus.HandedOver,
            Patience, "the return parcel waiting for its courier");
        await Carry(approved.ShipmentId!.Value, steps);
        return approved;
    }

    public async Task<ReturnView> SellerReceives(Guid returnId, bool resellable)
    {
        var (_, etag) = await SellerReads(returnId);
        using var received = await SellerPosts(returnId, "receipt", new { resellable, note = resellable ? "Sealed box." : "Broken." }, etag);
        Assert.True(received.IsSuccessStatusCode, await received.Content.ReadAsStringAsync());
        return (await received.Content.ReadFromJsonAsync<ReturnView>())!;
    }

    public async Task<ReturnView> UntilShopperSees(Guid returnId, Func<ReturnView, bool> done, string what) =>
        (await Eventually.Until(() => shopper.Client.GetFromJsonAsync<ReturnView>($"/returns/{returnId}")!, r => done(r!), Patience, what))!;

    /// <summary>The processor's record of the order's authorisation (captured, refunded, …).</summary>
    public async Task<JsonElement> Authorization(Guid orderId) => Assert.Single(await fixture.Processor.Authorizations(OrderIds.Payment(orderId).ToString()));

    public static async Task Send(HttpClient client, HttpMethod method, string path, object body)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose()
    {
        seller.Dispose();
        shopper.Dispose();
        courier.Dispose();
        dispatcher.Dispose();
    }
}
