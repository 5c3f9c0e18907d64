using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.ReadModels;
using Marketplace.Returns;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Returns.ReturnsDriver;

namespace Marketplace.Tests.Returns;

/// <summary>
/// Returns and refunds over the real gateways, stores, processor and courier flow (docs/returns.md): the whole way back,
/// an outage and a refusal of the processor during a refund, a return racing its parcel's delivery report, the seller's
/// deadline, and the caps on units and money.
/// </summary>
[Collection(ReturnsDeploymentCollection.Name)]
public sealed class ReturnsOverHttpTests(ReturnsDeployment fixture)
{
    [Fact]
    public async Task A_delivered_unit_goes_back_is_received_restocked_and_refunded_once_and_a_second_return_beyond_the_delivered_units_is_refused()
    {
        using var driver = await StartAsync(fixture);
        var productId = await driver.ListKettle(price: 1500m, stock: 5);
        var subOrder = await driver.Delivered(productId, quantity: 2);
        var orderId = subOrder.OrderId;

        var requested = await driver.Requested(subOrder, quantity: 1);
        Assert.Equal((ReturnStatus.Requested, 1500m, subOrder.SellerId), (requested.Status, requested.Amount, requested.SellerId));
        using (var tooMany = await driver.RequestReturn(subOrder, quantity: 2))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        }

        var (read, etag) = await driver.SellerReads(requested.ReturnId);
        using (var stale = await driver.SellerPosts(requested.ReturnId, "decision", new { approve = true }, new($"\"{read.Version + 7}\"")))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }
        using (var unversioned = await driver.SellerPosts(requested.ReturnId, "decision", new { approve = true }, null))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        }
        Assert.Equal(ReturnStatus.Approved, (await driver.SellerApproves(read.ReturnId)).Status);

        var approved = await driver.SendBack(requested.ReturnId, ShipmentStatus.PickedUp);
        var parcel = await fixture.Cluster.GetGrain<IShipmentGrain>(approved.ShipmentId!.Value).Get();
        Assert.Equal((requested.ReturnId, DeliveryChannel.Courier, subOrder.Address), (parcel.Return!.ReturnId, parcel.Return.Channel, parcel.Address));
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.InTransit, "the parcel in transit");
        foreach (var step in ToTheDoor.Skip(1))
        {
            await driver.Step(parcel.ShipmentId, step);
        }
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.Arrived, "the parcel at the seller's");

        // The refund may already be through by the time the receipt answers: it is the receipt's first effect.
        Assert.Contains((await driver.SellerReceives(requested.ReturnId, resellable: true)).Status, new[] { ReturnStatus.Received, ReturnStatus.Refunded });
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.Refunded, "the refund");
        var authorization = await driver.Authorization(orderId);
        Assert.Equal((300_000, 150_000), (authorization.GetProperty("captured").GetInt64(), authorization.GetProperty("refunded").GetInt64()));
        await Eventually.Until(async () => (await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get()).OnHand == 4,
            Patience, "the returned unit back in stock");

        // The money cap is the payment's: more than was captured less what was refunded is refused, whoever asks.
        var payment = fixture.Cluster.GetGrain<IPaymentGrain>(OrderIds.Payment(orderId));
        await Assert.ThrowsAsync<ValidationException>(() => payment.Refund(Guid.NewGuid(), 150_001));
        Assert.Equal(150_000, (await payment.Get()).RefundedMinor);

        // Read from the stores, not from the activations that wrote it.
        await fixture.Cluster.GetGrain<Orleans.Runtime.IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = await driver.Shopper.Client.GetFromJsonAsync<ReturnView>($"/returns/{requested.ReturnId}");
        Assert.Equal([ReturnStatus.Requested, ReturnStatus.Approved, ReturnStatus.InTransit, ReturnStatus.Arrived, ReturnStatus.Received, ReturnStatus.Refunded],
            stored!.History.Select(h => h.Status));
        Assert.Equal(["shopper", "seller", "logistics", "logistics", "seller", "processor"], stored.History.Select(h => h.Actor));
        Assert.Equal(ReturnIds.Refund(requested.ReturnId, 1), stored.RefundId);

        var shopperList = await Eventually.Until(() => driver.Shopper.Client.GetFromJsonAsync<PagedList<ReturnSummary>>("/returns")!,
            page => page!.Items.Any(r => r.Status == ReturnStatus.Refunded), Patience, "the shopper's list showing the refund");
        Assert.Equal((1, requested.ReturnId, 1), (shopperList!.Total, shopperList.Items[0].ReturnId, shopperList.Items[0].Units));
        var sellerList = await driver.Seller.Client.GetFromJsonAsync<PagedList<ReturnSummary>>("/returns?pageSize=10");
        Assert.Equal(requested.ReturnId, Assert.Single(sellerList!.Items).ReturnId);

        // The table is a read model like the others: rebuilt from the returns, then checked clean against them.
        var operations = fixture.Cluster.GetGrain<IReadModelOperationsGrain>(0);
        Assert.Equal(ReadModelJobState.Succeeded, (await RunJob(operations, ReadModelJobKind.Rebuild)).State);
        await Eventually.Until(async () => (await RunJob(operations, ReadModelJobKind.Check)).Report!.Consistent, Patience, "a clean check of the return lists");
        var rebuilt = await driver.Shopper.Client.GetFromJsonAsync<PagedList<ReturnSummary>>("/returns");
        Assert.Equal((requested.ReturnId, ReturnStatus.Refunded), (Assert.Single(rebuilt!.Items).ReturnId, rebuilt.Items[0].Status));

        if (fixture.ClickHouseUrl is not null)
        {
            await Eventually.Until(async () => await AnalyticsRows(requested.ReturnId) == 6, Patience, "the return's six events in ClickHouse");
        }
    }

    [Fact]
    public async Task A_refund_outlasts_a_processor_outage_and_a_refusal_and_moves_the_money_once()
    {
        using var driver = await StartAsync(fixture);
        var productId = await driver.ListKettle(price: 990m, stock: 3);
        var subOrder = await driver.Delivered(productId, quantity: 1);

        // A change of mind is accepted in home/kitchen without the seller.
        var requested = await driver.Requested(subOrder, quantity: 1, reason: "ChangedMind");
        Assert.Equal((ReturnStatus.Approved, "system"), (requested.Status, requested.History[^1].Actor));
        await driver.SendBack(requested.ReturnId, ShipmentStatus.PickedUp);
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.InTransit, "the parcel in transit");

        await fixture.Processor.SetMode("Outage");
        try
        {
            Assert.Equal(ReturnStatus.Received, (await driver.SellerReceives(requested.ReturnId, resellable: false)).Status);
            var payment = fixture.Cluster.GetGrain<IPaymentGrain>(OrderIds.Payment(subOrder.OrderId));
            await Eventually.Until(async () => (await payment.Get()).Operations.Any(o => o.Kind == PaymentOperationKind.Refund && o is { Status: PaymentOperationStatus.Pending, Attempts: >= 2 }),
                Patience, "the refund retried while the processor is down");
            Assert.Equal(ReturnStatus.Received, (await driver.UntilShopperSees(requested.ReturnId, _ => true, "the return")).Status);
        }
        finally
        {
            await fixture.Processor.SetMode("Normal", refuseRefunds: 1);
        }

        var refunded = await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.Refunded, "the refund after the outage and the refusal");
        Assert.Contains(refunded.History, h => h.Status == ReturnStatus.RefundFailed);
        Assert.Equal(2, refunded.RefundAttempts);
        var authorization = await driver.Authorization(subOrder.OrderId);
        Assert.Equal((99_000, 99_000), (authorization.GetProperty("captured").GetInt64(), authorization.GetProperty("refunded").GetInt64()));
        var refunds = (await fixture.Cluster.GetGrain<IPaymentGrain>(OrderIds.Payment(subOrder.OrderId)).Get()).Operations
            .Where(o => o.Kind == PaymentOperationKind.Refund).ToList();
        Assert.Equal([PaymentOperationStatus.Rejected, PaymentOperationStatus.Succeeded], refunds.Select(o => o.Status));
        Assert.Equal([ReturnIds.Refund(requested.ReturnId, 1), ReturnIds.Refund(requested.ReturnId, 2)], refunds.Select(o => o.OperationId));
        // Not resellable: nothing went back on sale.
        Assert.Equal(2, (await fixture.Cluster.GetGrain<IInventoryGrain>(InventoryKey.For(productId, "SKU-1")).Get()).OnHand);
    }

    [Fact]
    public async Task A_return_racing_the_parcel_s_late_delivery_report_is_accepted_only_once_the_delivery_is_known_and_bad_input_is_named()
    {
        using var driver = await StartAsync(fixture);
        var productId = await driver.ListKettle(price: 700m, stock: 3);
        var order = await driver.Buy(productId, quantity: 1);
        var subOrder = Assert.Single(order.SellerOrders);
        await driver.Ship(subOrder.ShipmentId, ShipmentStatus.PickedUp, ShipmentStatus.InTransit, ShipmentStatus.OutForDelivery);

        using (var unkeyed = await driver.RequestReturn(null, new { orderId = order.OrderId, sellerOrderId = subOrder.SellerOrderId, reason = "Defective",
                   method = "CourierPickup", items = Array.Empty<object>() }))
        {
            Assert.Equal("Idempotency-Key", Assert.Single(await FieldErrors(unkeyed)));
        }
        using (var bad = await driver.RequestReturn("bad", new { orderId = order.OrderId, sellerOrderId = subOrder.SellerOrderId, reason = "Defective",
                   method = "CourierPickup", comment = new string('x', 1001), items = new[] { new { productId, sku = "SKU-1", quantity = 5 } } }))
        {
            Assert.Equal(["comment", "items[0].quantity"], (await FieldErrors(bad)).Order());
        }
        using (var early = await driver.RequestReturn(subOrder, quantity: 1))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        // The shopper asks while the courier reports the delivery: the request sees the sub-order delivered or it is refused.
        var key = $"race-{Guid.NewGuid():N}";
        var asked = driver.RequestReturn(subOrder, quantity: 1, key: key);
        await driver.Step(subOrder.ShipmentId, ShipmentStatus.Delivered);
        using (var raced = await asked)
        {
            Assert.Contains(raced.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
        }
        var delivered = await driver.UntilSubOrder(order.OrderId, SellerOrderStatus.Delivered);
        using var retried = await driver.RequestReturn(delivered, quantity: 1, key: key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var returned = (await retried.Content.ReadFromJsonAsync<ReturnView>())!;
        Assert.Equal((ReturnIds.ForRequest(driver.Shopper.UserId, key), ReturnStatus.Requested), (returned.ReturnId, returned.Status));
        var deliveredAt = delivered.History.Last(h => h.Status == nameof(SellerOrderStatus.Delivered)).At;
        Assert.True(returned.RequestedAt >= deliveredAt, $"requested {returned.RequestedAt:O} before the delivery was known at {deliveredAt:O}");
    }

    [Fact]
    public async Task A_seller_who_does_not_decide_in_time_has_the_return_approved_and_a_rejection_is_disputed_to_an_operator()
    {
        using var driver = await StartAsync(fixture);
        var productId = await driver.ListKettle(price: 1200m, stock: 4);
        var subOrder = await driver.Delivered(productId, quantity: 2);

        var ignored = await driver.Requested(subOrder, quantity: 1);
        Assert.Equal(ReturnStatus.Requested, ignored.Status);
        var rejected = await driver.Requested(subOrder, quantity: 1, reason: "WrongItem");
        var (_, etag) = await driver.SellerReads(rejected.ReturnId);
        using (var noReason = await driver.SellerPosts(rejected.ReturnId, "decision", new { approve = false }, etag))
        {
            Assert.Equal("reason", Assert.Single(await FieldErrors(noReason)));
        }
        using (var no = await driver.SellerPosts(rejected.ReturnId, "decision", new { approve = false, reason = "This is the item ordered." }, etag))
        {
            Assert.Equal(HttpStatusCode.OK, no.StatusCode);
        }
        await ReturnsDriver.Send(driver.Shopper.Client, HttpMethod.Post, $"/returns/{rejected.ReturnId}/dispute", new { reason = "The colour differs." });
        using var arbiter = await fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();
        using (var decided = await arbiter.Client.PostAsJsonAsync($"/operator/returns/{rejected.ReturnId}/decision", new { approve = true, reason = "Photos confirm it." }))
        {
            Assert.Equal(ReturnStatus.Approved, (await decided.Content.ReadFromJsonAsync<ReturnView>())!.Status);
        }

        var approved = await Eventually.Until(() => driver.Shopper.Client.GetFromJsonAsync<ReturnView>($"/returns/{ignored.ReturnId}")!,
            r => r!.Status == ReturnStatus.Approved, ReturnsDeployment.SellerDecisionWindow + Patience, "the return approved at the seller's deadline");
        Assert.Equal("system", approved!.History[^1].Actor);
        Assert.True(approved.History[^1].At >= ignored.SellerDeadline, "approved before the deadline");

        await fixture.Cluster.GetGrain<Orleans.Runtime.IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = await driver.Shopper.Client.GetFromJsonAsync<ReturnView>($"/returns/{rejected.ReturnId}");
        Assert.Equal([ReturnStatus.Requested, ReturnStatus.Rejected, ReturnStatus.Disputed, ReturnStatus.Approved], stored!.History.Select(h => h.Status));
        var parcel = await driver.Shopper.Client.GetFromJsonAsync<ShipmentView>($"/shipments/{approved.ShipmentId}");
        Assert.Equal(ShipmentStatus.HandedOver, parcel!.Status);
        using var stranger = await fixture.Deployment.CreateClient(Gateway.Public).SignUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/returns/{rejected.ReturnId}")).StatusCode);
    }

    private static async Task<ReadModelJob> RunJob(IReadModelOperationsGrain operations, ReadModelJobKind kind)
    {
        await operations.Start(ReadModelNames.Returns, kind);
        var job = await Eventually.Until(() => operations.Job(ReadModelNames.Returns), j => j.State != ReadModelJobState.Running, Patience,
            $"the {kind} of the return lists");
        Assert.True(job.State == ReadModelJobState.Succeeded, job.ToString());
        return job;
    }

    private static async Task<IReadOnlyList<string>> FieldErrors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    private async Task<int> AnalyticsRows(Guid returnId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.ClickHouseUrl!) };
        var query = $"SELECT count() FROM {fixture.AnalyticsDatabase}.returns FINAL WHERE return_id = '{returnId}'";
        return int.Parse((await http.GetStringAsync($"/?query={Uri.EscapeDataString(query)}")).Trim());
    }
}
