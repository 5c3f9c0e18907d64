using Marketplace.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments;
using static Marketplace.Core.Tests.Ordering.CheckoutSamples;

namespace Marketplace.Core.Tests.Ordering;

/// <summary>Every step of the checkout saga, its compensation, its deadline, its refusals and its repeats, on the pure core.</summary>
public sealed class CheckoutSagaTests
{
    [Fact]
    public void Placing_records_the_order_publishes_it_and_owes_the_stock_reservation()
    {
        var orderId = Guid.NewGuid();
        var shopperId = Guid.NewGuid();
        var (state, decisions) = Run(new OrderState(), Now, Place(orderId, shopperId));

        var placed = Assert.IsType<OrderPlaced>(Assert.Single(decisions[0].Published));
        Assert.Equal((orderId, shopperId, 5499.99m, "RUB", 3), (placed.OrderId, placed.ShopperId, placed.Total, placed.Currency, placed.Items));
        Assert.IsType<ReserveStockEffect>(Assert.Single(decisions[0].Effects));
        Assert.Equal((CheckoutStep.Reserving, OrderStatus.Placed), (state.Step, state.Status));
        Assert.Equal(Now + TimeSpan.FromMinutes(15), state.PaymentDeadline);
        Assert.Equal(OrderIds.Payment(orderId), state.PaymentId);
        Assert.Equal(["Placed"], state.History.Select(h => h.Status));
    }

    [Fact]
    public void A_repeated_request_changes_nothing_and_the_same_key_with_another_request_is_refused()
    {
        var state = Placed(out var orderId);

        Assert.True(Saga.Decide(state, Place(orderId, state.ShopperId), Now.AddSeconds(5)).IsEmpty);
        Assert.Throws<ConflictException>(() => Saga.Decide(state, Place(orderId, state.ShopperId, hash: "another"), Now));
        Assert.Throws<ConflictException>(() => Saga.Decide(state, Place(orderId, Guid.NewGuid()), Now));
    }

    [Fact]
    public void Requests_outside_the_rules_are_refused_before_anything_is_placed()
    {
        var orderId = Guid.NewGuid();
        var shopper = Guid.NewGuid();
        var tooMany = Enumerable.Range(0, 4).Select(i => new OrderLine(Guid.NewGuid(), $"S{i}", Kettles, "Kettle", 10m, 1)).ToList();

        Assert.Equal("items", Assert.Throws<ValidationException>(() => Saga.Decide(new OrderState(), Place(orderId, shopper, tooMany), Now)).Errors.Keys.Single());
        Assert.Throws<ValidationException>(() => Saga.Decide(new OrderState(), Place(orderId, shopper) with { Currencies = new HashSet<string> { "RUB", "EUR" } }, Now));
        Assert.Throws<ValidationException>(() => Saga.Decide(new OrderState(), Place(orderId, Guid.Empty), Now));
        Assert.Throws<ValidationException>(() => Saga.Decide(new OrderState(),
            Place(orderId, shopper) with { Request = Request(shopper) with { PaymentMethod = " " } }, Now));
        Assert.Throws<ValidationException>(() => Saga.Decide(new OrderState(),
            Place(orderId, shopper, [new OrderLine(Guid.NewGuid(), "S", Kettles, "Kettle", 1e17m, 1)]), Now));
        Assert.Throws<NotFoundException>(() => Saga.Decide(new OrderState(), new StockReserved(), Now));
    }

    [Fact]
    public void Reserved_stock_moves_the_order_to_awaiting_payment_and_owes_the_authorisation_once()
    {
        var (state, decisions) = Run(Placed(out _), Now, new StockReserved(), new StockReserved());

        Assert.IsType<AuthorisePaymentEffect>(Assert.Single(decisions[0].Effects));
        Assert.Empty(decisions[0].Published);
        Assert.True(decisions[1].IsEmpty);
        Assert.Equal((CheckoutStep.Authorising, OrderStatus.AwaitingPayment), (state.Step, state.Status));
    }

    [Fact]
    public void An_authorised_payment_opens_one_sub_order_per_seller_and_confirmation_pays_the_order()
    {
        var state = AwaitingPayment(out var orderId);
        var (_, decisions) = Run(state, Now, new PaymentAnswered(Payment(state, PaymentStatus.Authorised)));
        Assert.IsType<ConfirmOrderEffect>(Assert.Single(decisions[0].Effects));
        Assert.Equal(new[] { OrderIds.SellerOrder(orderId, Kettles), OrderIds.SellerOrder(orderId, Toasters) }.Order(), state.SellerOrderIds.Order());
        Assert.Equal(CheckoutStep.Confirming, state.Step);

        (_, decisions) = Run(state, Now.AddSeconds(1), new OrderConfirmed(), new OrderConfirmed());

        var paid = Assert.IsType<OrderPaid>(Assert.Single(decisions[0].Published));
        Assert.Equal((orderId, state.PaymentId!.Value, 5499.99m), (paid.OrderId, paid.PaymentId, paid.Total));
        Assert.Equal(state.SellerOrderIds, paid.SellerOrderIds);
        Assert.True(decisions[1].IsEmpty);
        Assert.Equal((CheckoutStep.Done, OrderStatus.Paid), (state.Step, state.Status));
        Assert.Equal(["Placed", "AwaitingPayment", "Paid"], state.History.Select(h => h.Status));
    }

    [Theory]
    [InlineData(PaymentStatus.Declined, "The payment was declined: insufficient_funds.")]
    [InlineData(PaymentStatus.Failed, "The payment processor was unreachable after 4 attempts.")]
    [InlineData(PaymentStatus.Abandoned, "The payment processor was unreachable after 4 attempts.")]
    public void A_payment_that_does_not_go_through_compensates_and_ends_the_order_failed_with_the_reason(PaymentStatus status, string reason)
    {
        var state = AwaitingPayment(out var orderId);
        var payment = Payment(state, status, declineCode: "insufficient_funds", failure: "The payment processor was unreachable after 4 attempts.");

        var (_, decisions) = Run(state, Now, new PaymentAnswered(payment));
        Assert.IsType<CompensateOrderEffect>(Assert.Single(decisions[0].Effects));
        Assert.Equal((CheckoutStep.Compensating, OrderStatus.AwaitingPayment), (state.Step, state.Status));
        Assert.Equal(status == PaymentStatus.Declined ? CheckoutFailure.PaymentDeclined : CheckoutFailure.PaymentFailed,
            Assert.IsType<CompensationBegun>(Assert.Single(decisions[0].Events)).Failure);

        (_, decisions) = Run(state, Now, new OrderCompensated(), new OrderCompensated());
        var failed = Assert.IsType<OrderFailed>(Assert.Single(decisions[0].Published));
        Assert.Equal((orderId, reason), (failed.OrderId, failed.Reason));
        Assert.True(decisions[1].IsEmpty);
        Assert.Equal((CheckoutStep.Done, OrderStatus.Failed, reason), (state.Step, state.Status, state.FailureReason));
        Assert.Equal(reason, state.History[^1].Note);
    }

    [Fact]
    public void A_pending_payment_or_another_payments_answer_changes_nothing()
    {
        var state = AwaitingPayment(out _);

        Assert.True(Saga.Decide(state, new PaymentAnswered(Payment(state, PaymentStatus.Pending)), Now).IsEmpty);
        Assert.True(Saga.Decide(state, new PaymentAnswered(Payment(state, PaymentStatus.Authorised) with { PaymentId = Guid.NewGuid() }), Now).IsEmpty);
        // A settlement told again after the saga moved on (the payment's one-way word arrives after the order's own call).
        var (_, decisions) = Run(state, Now, new PaymentAnswered(Payment(state, PaymentStatus.Authorised)), new PaymentAnswered(Payment(state, PaymentStatus.Declined)));
        Assert.True(decisions[1].IsEmpty);
    }

    [Fact]
    public void Stock_refused_fails_the_order_as_out_of_stock_and_releases_what_was_reserved()
    {
        var state = Placed(out _);
        var line = state.Lines[1];

        var (_, decisions) = Run(state, Now, new StockRefused(line, "Only 0 left."));

        var compensation = Assert.IsType<CompensationBegun>(Assert.Single(decisions[0].Events));
        Assert.Equal((OrderStatus.Failed, CheckoutFailure.OutOfStock), (compensation.Outcome, compensation.Failure));
        Assert.Equal("Out of stock: Toaster (TOASTER-1). Only 0 left.", state.FailureReason);
        Assert.IsType<CompensateOrderEffect>(Assert.Single(decisions[0].Effects));
    }

    [Fact]
    public void The_payment_deadline_fails_an_unpaid_order_only_once_it_has_passed()
    {
        var state = AwaitingPayment(out _);

        Assert.True(Saga.Decide(state, new PaymentDeadlineChecked(), Now + TimeSpan.FromMinutes(14)).IsEmpty);
        var (_, decisions) = Run(state, Now + TimeSpan.FromMinutes(15), new PaymentDeadlineChecked(), new PaymentDeadlineChecked());

        Assert.Equal(CheckoutFailure.PaymentTimeout, Assert.IsType<CompensationBegun>(Assert.Single(decisions[0].Events)).Failure);
        Assert.Equal("The payment was not authorised within 15 minutes.", state.FailureReason);
        Assert.True(decisions[1].IsEmpty);
        // A paid order has no deadline.
        var paid = Paid(out _);
        Assert.True(Saga.Decide(paid, new PaymentDeadlineChecked(), Now + TimeSpan.FromDays(1)).IsEmpty);
    }

    [Fact]
    public void The_deadline_is_described_in_the_words_a_shopper_reads()
    {
        var saga = new CheckoutSaga(new OrderingOptions { PaymentTimeout = TimeSpan.FromSeconds(3) });
        var state = AwaitingPayment(out _);
        state.PaymentDeadline = Now;

        var change = Assert.IsType<CompensationBegun>(Assert.Single(saga.Decide(state, new PaymentDeadlineChecked(), Now).Events));

        Assert.Equal("The payment was not authorised within 3 seconds.", change.Reason);
    }

    [Fact]
    public void Cancelling_before_payment_compensates_and_ends_the_order_cancelled()
    {
        var state = AwaitingPayment(out var orderId);

        var (_, decisions) = Run(state, Now, new CancelCheckout(state.ShopperId, "changed my mind", false), new OrderCompensated());

        Assert.IsType<CompensateOrderEffect>(Assert.Single(decisions[0].Effects));
        var cancelled = Assert.IsType<OrderCancelled>(Assert.Single(decisions[1].Published));
        Assert.Equal((orderId, "changed my mind"), (cancelled.OrderId, cancelled.Reason));
        Assert.Equal(OrderStatus.Cancelled, state.Status);
        // Once cancelled, a late payment answer and a second cancel change nothing.
        Assert.True(Saga.Decide(state, new PaymentAnswered(Payment(state, PaymentStatus.Authorised)), Now).IsEmpty);
        Assert.True(Saga.Decide(state, new CancelCheckout(state.ShopperId, null, false), Now).IsEmpty);
    }

    [Fact]
    public void Cancelling_a_paid_order_cancels_its_sub_orders_unless_a_parcel_left_its_seller()
    {
        var state = Paid(out var orderId);

        Assert.Throws<ConflictException>(() => Saga.Decide(state, new CancelCheckout(state.ShopperId, null, ParcelLeftSeller: true), Now));
        Assert.Throws<NotFoundException>(() => Saga.Decide(state, new CancelCheckout(Guid.NewGuid(), null, false), Now));
        var (_, decisions) = Run(state, Now, new CancelCheckout(state.ShopperId, null, false), new SellerOrdersCancelled());

        Assert.IsType<CancelSellerOrdersEffect>(Assert.Single(decisions[0].Effects));
        Assert.Equal("cancelled by the shopper", Assert.IsType<OrderCancelled>(Assert.Single(decisions[1].Published)).Reason);
        Assert.Equal((CheckoutStep.Done, OrderStatus.Cancelled), (state.Step, state.Status));
    }

    [Fact]
    public void An_order_being_confirmed_cannot_be_cancelled_and_a_reason_with_control_characters_is_refused()
    {
        var state = AwaitingPayment(out _);
        Assert.Throws<ValidationException>(() => Saga.Decide(state, new CancelCheckout(state.ShopperId, "bad\0reason", false), Now));
        Run(state, Now, new PaymentAnswered(Payment(state, PaymentStatus.Authorised)));

        Assert.Throws<ConflictException>(() => Saga.Decide(state, new CancelCheckout(state.ShopperId, null, false), Now));
    }

    [Fact]
    public void Each_step_names_the_effect_that_resumes_it()
    {
        Assert.IsType<ReservePromoCodeEffect>(CheckoutSaga.EffectOf(CheckoutStep.RedeemingCode));
        Assert.IsType<ReserveStockEffect>(CheckoutSaga.EffectOf(CheckoutStep.Reserving));
        Assert.IsType<AuthorisePaymentEffect>(CheckoutSaga.EffectOf(CheckoutStep.Authorising));
        Assert.IsType<ConfirmOrderEffect>(CheckoutSaga.EffectOf(CheckoutStep.Confirming));
        Assert.IsType<CompensateOrderEffect>(CheckoutSaga.EffectOf(CheckoutStep.Compensating));
        Assert.IsType<CancelSellerOrdersEffect>(CheckoutSaga.EffectOf(CheckoutStep.CancellingSellerOrders));
        Assert.Null(CheckoutSaga.EffectOf(CheckoutStep.Done));
    }

    [Fact]
    public void An_order_with_a_promo_code_holds_its_redemption_before_any_stock_and_then_reserves_as_any_order()
    {
        var orderId = Guid.NewGuid();
        var (state, decisions) = Run(new OrderState(), Now, Place(orderId, Guid.NewGuid()) with { Promo = new PricedCode("WINTER", 3) }, new CodeReserved(), new CodeReserved());

        Assert.IsType<ReservePromoCodeEffect>(Assert.Single(decisions[0].Effects));
        Assert.IsType<ReserveStockEffect>(Assert.Single(decisions[1].Effects));
        Assert.True(decisions[2].IsEmpty);
        Assert.Equal(("WINTER", 3L, CheckoutStep.Reserving, OrderStatus.Placed), (state.PromoCode, state.PromoVersion, state.Step, state.Status));
    }

    [Fact]
    public void A_refused_promo_code_fails_the_order_and_its_compensation_runs_as_for_any_failure()
    {
        var (state, decisions) = Run(new OrderState(), Now, Place(Guid.NewGuid(), Guid.NewGuid()) with { Promo = new PricedCode("WINTER", 1) },
            new CodeRefused("The code has been used up."), new OrderCompensated());

        var failed = Assert.IsType<CompensationBegun>(Assert.Single(decisions[1].Events));
        Assert.Equal(CheckoutFailure.PromoCodeRefused, failed.Failure);
        Assert.IsType<CompensateOrderEffect>(Assert.Single(decisions[1].Effects));
        Assert.Contains("WINTER could not be redeemed: The code has been used up.", Assert.IsType<OrderFailed>(Assert.Single(decisions[2].Published)).Reason);
        Assert.Equal(OrderStatus.Failed, state.Status);
    }

    [Fact]
    public void An_order_still_holding_its_promo_code_can_be_cancelled_and_its_deadline_applies()
    {
        var state = Run(new OrderState(), Now, Place(Guid.NewGuid(), Guid.NewGuid()) with { Promo = new PricedCode("WINTER", 1) }).State;

        var (_, late) = Run(Copy(state), Now + Options.PaymentTimeout, new PaymentDeadlineChecked());
        var (_, cancelled) = Run(state, Now, new CancelCheckout(state.ShopperId, null, false));

        Assert.Equal(CheckoutFailure.PaymentTimeout, Assert.IsType<CompensationBegun>(Assert.Single(late[0].Events)).Failure);
        Assert.IsType<CompensateOrderEffect>(Assert.Single(cancelled[0].Effects));
    }

    [Fact]
    public void The_order_totals_and_its_breakdown_are_what_the_shopper_pays_after_the_sellers_sale_and_the_platforms_code()
    {
        List<OrderLine> lines = [new(Guid.NewGuid(), "KETTLE-1", Kettles, "Kettle", 900m, 2, ListPrice: 1000m, PromoDiscount: 180m)];
        var state = Run(new OrderState(), Now, Place(Guid.NewGuid(), Guid.NewGuid(), lines) with { Promo = new PricedCode("WINTER", 1) }).State;

        Assert.Equal(1620m, state.Total);
        Assert.Equal(new PriceBreakdown(2000m, 200m, 180m, 1620m), PriceBreakdown.Of(state.Lines));
    }

    private static OrderState Copy(OrderState state) => Run(new OrderState(), Now, Place(state.OrderId, state.ShopperId) with { Promo = new PricedCode(state.PromoCode!, state.PromoVersion) }).State;
}
