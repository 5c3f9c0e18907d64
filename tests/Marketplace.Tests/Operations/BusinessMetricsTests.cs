using Marketplace.Cart;
using Marketplace.Common;
using Marketplace.Identity;
using Marketplace.Ordering;
using Marketplace.Tests.Checkout;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Operations;

/// <summary>
/// The business meters an operator watches, read the way the exporter reads them (a meter listener on the cluster's
/// own silos) while real checkouts, cart adds and sign-ins run through the grains and the real test-mode processor.
/// </summary>
[Collection(CheckoutClusterCollection.Name)]
public sealed class BusinessMetricsTests(CheckoutCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Checkouts_are_counted_by_outcome_with_the_money_paid_each_steps_time_and_each_events_delivery_lag()
    {
        using var meters = new MeterRecorder(fixture.Cluster);
        var kettle = await fixture.NewListing(1500m, stock: 3);
        var paid = await Place("paid", "pm_card_visa", (kettle.ProductId, kettle.Sku, 2));
        var declined = await Place("declined", "pm_card_declined", (kettle.ProductId, kettle.Sku, 1));
        var soldOut = await Place("sold-out", "pm_card_visa", (kettle.ProductId, kettle.Sku, 2));

        Assert.Equal((OrderStatus.Paid, OrderStatus.Failed, OrderStatus.Failed), (paid.Status, declined.Status, soldOut.Status));
        Assert.Equal(3, meters.Sum("marketplace.orders.placed"));
        Assert.Equal(1, meters.Sum("marketplace.orders.paid"));
        Assert.Equal(1, meters.Sum("marketplace.orders.failed", ("reason", "PaymentDeclined")));
        Assert.Equal(1, meters.Sum("marketplace.orders.failed", ("reason", "OutOfStock")));
        Assert.Equal(2, meters.Sum("marketplace.orders.failed"));
        Assert.Equal((double)paid.Total, meters.Sum("marketplace.orders.gmv", ("currency", paid.Currency)));
        Assert.Equal(1, meters.Sum("marketplace.payments.authorisations", ("outcome", "Authorised")));
        Assert.Equal(1, meters.Sum("marketplace.payments.authorisations", ("outcome", "Declined")));
        Assert.Equal(1, meters.Sum("marketplace.payments.processor_calls", ("operation", "Authorise"), ("outcome", "Rejected")));
        foreach (var step in new[] { "Reserving", "Authorising", "Confirming", "Compensating" })
        {
            var durations = meters.Of("marketplace.checkout.step.duration", ("step", step));
            Assert.NotEmpty(durations);
            Assert.All(durations, m => Assert.InRange(m.Value, 0, 30));
        }
        // Every order event reaches its subscribers (purchase history, recommendations…) through the stream runtime.
        var lags = await Eventually.Until(() => Task.FromResult(meters.Of("marketplace.streams.delivery_lag", ("namespace", StreamNames.Orders))),
            l => l.Count >= 3, Patience, "order events delivered to their subscribers");
        Assert.All(lags, m => Assert.InRange(m.Value, 0, 30));
    }

    [Fact]
    public async Task An_outage_opens_the_processor_circuit_and_the_first_answer_after_it_closes_it()
    {
        using var meters = new MeterRecorder(fixture.Cluster);
        var kettle = await fixture.NewListing(100m, stock: 10);
        Assert.Equal(0, meters.Read("marketplace.payments.processor_circuit_open"));

        await fixture.Gateway.SetMode("Outage");
        try
        {
            // Each authorisation tries the processor several times: two checkouts fail enough calls to open the breaker.
            await Task.WhenAll(Place("outage-1", "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)), Place("outage-2", "pm_card_visa", (kettle.ProductId, kettle.Sku, 1)));
            await Eventually.Until(() => Task.FromResult(meters.Read("marketplace.payments.processor_circuit_open") == 1), Patience, "the circuit to open");
            Assert.True(meters.Sum("marketplace.payments.processor_calls", ("outcome", "Unavailable")) >= 2);
        }
        finally
        {
            await fixture.Gateway.SetMode("Normal");
        }

        var recovered = await Place("after-outage", "pm_card_visa", (kettle.ProductId, kettle.Sku, 1));
        Assert.Equal(OrderStatus.Paid, recovered.Status);
        await Eventually.Until(() => Task.FromResult(meters.Read("marketplace.payments.processor_circuit_open") == 0), Patience, "the circuit to close");
    }

    [Fact]
    public async Task Cart_adds_are_counted_once_per_request_and_sign_ins_by_outcome_with_the_lockout_they_start()
    {
        using var meters = new MeterRecorder(fixture.Cluster);
        var kettle = await fixture.NewListing(100m, stock: 10);
        var cart = fixture.Grains.GetGrain<ICartGrain>(CartKeys.ForUser(Guid.NewGuid()));
        await cart.Add(new CartItem(kettle.ProductId, kettle.Sku), 1, "add-1");
        await cart.Add(new CartItem(kettle.ProductId, kettle.Sku), 1, "add-1");
        await cart.Add(new CartItem(kettle.ProductId, kettle.Sku), 2, "add-2");
        Assert.Equal(2, meters.Sum("marketplace.cart.items_added", ("anonymous", "False")));

        var email = $"metrics-{Guid.NewGuid():N}@example.com";
        var guesser = $"198.51.100.{Random.Shared.Next(1, 250)}";
        var auth = fixture.Grains.GetGrain<IAuthGrain>(0);
        await auth.Register(new Registration(email, "correct horse battery", "Metrics shopper", UserRole.Shopper));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LoginOutcome.InvalidCredentials, (await auth.Login(Attempt(email, "wrong password", guesser))).Outcome);
        }
        Assert.Equal(LoginOutcome.Throttled, (await auth.Login(Attempt(email, "correct horse battery", guesser))).Outcome);
        Assert.Equal(LoginOutcome.SignedIn, (await auth.Login(Attempt(email, "correct horse battery", "203.0.113.7"))).Outcome);

        Assert.Equal(1, meters.Sum("marketplace.identity.sign_ins", ("outcome", "SignedIn")));
        Assert.Equal(5, meters.Sum("marketplace.identity.sign_ins", ("outcome", "InvalidCredentials")));
        Assert.Equal(1, meters.Sum("marketplace.identity.sign_ins", ("outcome", "Throttled")));
        // Five wrong passwords lock out that account from that address, not the address or the account everywhere.
        Assert.Equal(1, meters.Sum("marketplace.identity.lockouts", ("scope", "account_and_address")));
        Assert.Equal(1, meters.Sum("marketplace.identity.lockouts"));
    }

    private static LoginAttempt Attempt(string email, string password, string clientAddress) => new(email, password, clientAddress, [UserRole.Shopper]);

    private async Task<OrderView> Place(string key, string paymentMethod, params (Guid ProductId, string Sku, int Quantity)[] lines)
    {
        var shopper = Guid.NewGuid();
        var order = fixture.Grains.GetGrain<IOrderGrain>(OrderIds.ForCheckout(shopper, key));
        await order.Place(CheckoutCluster.Checkout(shopper, paymentMethod, lines));
        return await Eventually.Until(order.Get, o => o.Status is not (OrderStatus.Placed or OrderStatus.AwaitingPayment), Patience, $"checkout {key} to settle");
    }
}
