using Marketplace.Catalog;
using Marketplace.Ordering;
using Marketplace.Payments;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;
using Orleans.TestingHost;

namespace Marketplace.Tests.Checkout;

/// <summary>
/// The saga's own clock: a payment that keeps retrying through a processor outage is given up when the order's
/// payment timeout passes, which the order's reminder notices.
/// </summary>
public sealed class PaymentTimeoutTests : IAsyncLifetime
{
    // Long enough for several 0.3–0.5 s retries of the refused authorisation even when a loaded machine delays the first ones.
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(6);

    private PaymentGatewayProcess _processor = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _processor = await PaymentGatewayProcess.StartAsync();
        await _processor.SetMode("Outage");
        _cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:GatewayUrl"] = _processor.BaseAddress.ToString(),
            ["Payments:AttemptTimeout"] = "00:00:01",
            ["Payments:CallTimeout"] = "00:00:02",
            ["Payments:FirstRetryDelay"] = "00:00:00.300",
            ["Payments:MaxRetryDelay"] = "00:00:00.500",
            // Far more retries than fit in the timeout: only the order's deadline can end this checkout.
            ["Payments:MaxAuthoriseAttempts"] = "1000",
            ["Ordering:PaymentTimeout"] = PaymentTimeout.ToString(),
            ["Outbox:ReminderPeriod"] = "00:00:01",
            ["Outbox:FirstRetryDelay"] = "00:00:00.300",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
            ["Ordering:PaymentCheckInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task An_order_not_paid_within_its_timeout_fails_abandons_the_payment_and_releases_the_stock()
    {
        var grains = _cluster.Client;
        var kettle = await grains.PublishedProduct(await grains.ActiveSeller(), CatalogSeeding.Kettle(100m, stock: 4));
        var sku = kettle.Variants[0].Sku;
        var shopper = Guid.NewGuid();
        var order = grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, "timeout"));

        var placed = await order.Place(CheckoutCluster.Checkout(shopper, "pm_card_visa", (kettle.ProductId, sku, 3)));
        Assert.Equal(OrderStatus.AwaitingPayment, placed.Status);

        var failed = await Eventually.Until(order.Get, o => o.Status == OrderStatus.Failed, PaymentTimeout + TimeSpan.FromSeconds(20),
            "the payment timeout to fail the order");
        Assert.Equal("The payment was not authorised within 6 seconds.", failed.FailureReason);
        Assert.True(failed.History[^1].At - placed.History[0].At >= PaymentTimeout, "the order failed before its payment timeout");
        Assert.Equal(new StockLevel(4, 0), await grains.GetGrain<IInventoryGrain>(InventoryKey.For(kettle.ProductId, sku)).Get());
        var payment = await grains.GetGrain<IPaymentGrain>(failed.PaymentId!.Value).Get();
        Assert.Equal(PaymentStatus.Abandoned, payment.Status);
        Assert.True(payment.Operations.Single().Attempts > 1, "the payment should have been retrying until the timeout");
    }
}
