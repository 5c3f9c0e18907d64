using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Marketplace.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payouts;
using Marketplace.Returns;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Promotions;
using Marketplace.Tests.Returns;

namespace Marketplace.Tests.Payouts;

/// <summary>
/// Issue 13's whole way of the money over the real gateways, the card processor's and the carrier's processes, on
/// PostgreSQL, Redis and ClickHouse: a purchase with a platform promo code, delivered by a courier, one unit returned
/// and refunded, and the seller's ledger, statement and payout showing every step of it.
/// </summary>
[Collection(ReturnsDeploymentCollection.Name)]
public sealed class MoneyAfterTheSaleOverHttpTests(ReturnsDeployment fixture)
{
    private static readonly TimeSpan Patience = ReturnsDriver.Patience;

    [Fact]
    public async Task A_promo_purchase_delivered_returned_in_part_and_refunded_shows_the_sale_commission_platform_discount_refund_and_payout_in_the_sellers_ledger()
    {
        var clickHouse = fixture.ClickHouseUrl;
        Assert.False(clickHouse is null, "MARKETPLACE_CLICKHOUSE is not set; tests/run.sh starts ClickHouse");
        using var driver = await ReturnsDriver.StartAsync(fixture);
        using var op = await fixture.Deployment.CreateClient(Gateway.Seller).SignInAsOperatorAsync();
        var productId = await driver.ListKettle(price: 1000m, stock: 5);
        var code = PromoTerms.NewCode("WELCOME");
        await PromoTerms.Of(code, percent: 10, sellers: [driver.Seller.UserId]).DefineAsync(op.Client);

        // 2 kettles at 1,000.00, 10 % off paid by the platform: the shopper pays 1,800.00.
        using var placed = await CheckoutOverHttpTests.BuyNow(driver.Shopper.Client, $"promo-{Guid.NewGuid():N}", productId, 2, code);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var ended = await CheckoutOutcome.Ended(driver.Shopper.Client, placed);
        Assert.Equal("Paid", ended.GetProperty("status").GetString());
        var order = (await driver.Shopper.Client.GetFromJsonAsync<OrderView>($"/orders/{ended.GetProperty("orderId").GetGuid()}"))!;
        Assert.Equal((code, new PriceBreakdown(2000m, 0m, 200m, 1800m)), (order.PromoCode, order.Breakdown));
        var placedSubOrder = Assert.Single(order.SellerOrders);

        await driver.Ship(placedSubOrder.ShipmentId, ReturnsDriver.ToTheDoor);
        var subOrder = await driver.UntilSubOrder(order.OrderId, SellerOrderStatus.Delivered);
        Assert.Equal(new PriceBreakdown(2000m, 0m, 200m, 1800m), subOrder.Breakdown);

        // One unit back, at the 900.00 the shopper paid for it.
        var requested = await driver.Requested(subOrder, quantity: 1);
        Assert.Equal(900m, requested.Amount);
        await driver.SellerApproves(requested.ReturnId);
        await driver.SendBack(requested.ReturnId, ReturnsDriver.ToTheDoor);
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.Arrived, "the parcel at the seller's");
        await driver.SellerReceives(requested.ReturnId, resellable: true);
        await driver.UntilShopperSees(requested.ReturnId, r => r.Status == ReturnStatus.Refunded, "the refund");
        var authorization = await driver.Authorization(order.OrderId);
        Assert.Equal((180_000, 90_000), (authorization.GetProperty("captured").GetInt64(), authorization.GetProperty("refunded").GetInt64()));

        // The seller is owed its full price of the unit it kept: 1,000.00 less 10 % commission.
        var balance = await Eventually.Until(() => driver.Seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"),
            b => b!.AvailableMinor == 90_000, Patience, "the refund in the seller's balance");
        Assert.Equal(0, balance!.DebtMinor);

        using (var started = await op.Client.PostAsync("/operator/payout-runs", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        var payout = await Eventually.Until(async () => (await driver.Seller.Client.GetFromJsonAsync<PagedList<PayoutView>>("/payouts"))!.Items.SingleOrDefault(),
            p => p?.Status == PayoutStatus.Paid, Patience, "the seller's payout paid");
        Assert.Equal(90_000, payout!.AmountMinor);
        Assert.Equal(0, (await driver.Seller.Client.GetFromJsonAsync<SellerBalance>("/ledger/balance"))!.AvailableMinor);

        // Read from the stores, not from the activations that wrote them.
        await fixture.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var lines = (await driver.Seller.Client.GetFromJsonAsync<PagedList<LedgerLine>>("/ledger/lines?pageSize=50"))!.Items;
        (EntryKind, LineKind, long)[] expected =
        [
            (EntryKind.Sale, LineKind.Sale, 180_000), (EntryKind.Sale, LineKind.PlatformDiscount, 20_000), (EntryKind.Sale, LineKind.Commission, -20_000),
            (EntryKind.Refund, LineKind.Refund, -90_000), (EntryKind.Refund, LineKind.PlatformDiscount, -10_000), (EntryKind.Refund, LineKind.CommissionRefund, 10_000),
            (EntryKind.Payout, LineKind.Payout, -90_000),
        ];
        Assert.Equal(expected.Order(), lines.Select(l => (l.Entry, l.Kind, l.AmountMinor)).Order());
        Assert.All(lines.Where(l => l.Entry != EntryKind.Payout), l => Assert.Equal(subOrder.SellerOrderId, l.Reference));

        var month = lines[0].PostedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var statement = (await driver.Seller.Client.GetStringAsync($"/ledger/statements/{month}"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).Select(r => (Kind: r[1], Amount: r[5])).ToList();
        Assert.Equal(("OpeningBalance", "0.00"), statement[0]);
        Assert.Equal(("ClosingBalance", "0.00"), statement[^1]);
        Assert.Equal(
            new[] { ("Sale", "1800.00"), ("PlatformDiscount", "200.00"), ("Commission", "-200.00"), ("Refund", "-900.00"), ("PlatformDiscount", "-100.00"),
                ("CommissionRefund", "100.00"), ("Payout", "-900.00") }.Order(),
            statement.Skip(1).SkipLast(1).Order());

        // Every step is in ClickHouse: the order paid, the sub-order delivered, the code redeemed, the refund, the payout.
        await Eventually.Until(async () =>
                await Count(clickHouse!, $"orders FINAL WHERE order_id = '{order.OrderId}' AND status = 'Paid'") == 1
                && await Count(clickHouse!, $"seller_orders FINAL WHERE seller_order_id = '{subOrder.SellerOrderId}' AND status = 'Delivered'") == 1
                && await Count(clickHouse!, $"promo_redemptions FINAL WHERE order_id = '{order.OrderId}' AND outcome = 'Redeemed' AND discount = 200") == 1
                && await Count(clickHouse!, $"returns FINAL WHERE return_id = '{requested.ReturnId}' AND type = 'RefundIssued' AND amount = 900") == 1
                && await Count(clickHouse!, $"payouts FINAL WHERE payout_id = '{payout.PayoutId}' AND status = 'Paid' AND amount = 900") == 1,
            Patience, "the order, sub-order, redemption, refund and payout rows in ClickHouse");
    }

    private async Task<long> Count(string clickHouse, string from)
    {
        using var http = new HttpClient { BaseAddress = new Uri(clickHouse) };
        var query = $"SELECT count() FROM {fixture.AnalyticsDatabase}.{from}";
        return long.Parse((await http.GetStringAsync($"/?query={Uri.EscapeDataString(query)}")).Trim(), CultureInfo.InvariantCulture);
    }
}
