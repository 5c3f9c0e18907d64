using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Ordering.Events;
using Marketplace.Payments;
using Decision = Marketplace.Grains.Common.Decision<Marketplace.Grains.Ordering.CheckoutEvent>;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The order and its checkout saga as plain code: <see cref="Decide"/> turns the order's state and a command into
/// events, the domain events to publish and the effects to carry out; <see cref="Apply"/> folds an event into the
/// state. Placed → (hold a redemption of its promo code →) reserve stock → authorise → confirm (commit stock, open sub-orders) → Paid; a refusal, a decline or
/// the payment deadline compensates (release stock and the code, give up the payment) → Failed; a cancel compensates before payment
/// and cancels the sub-orders after it. No I/O: the shell (<see cref="OrderGrain"/>) carries the effects out and
/// reports back with a command.
/// </summary>
public sealed class CheckoutSaga(OrderingOptions options)
{
    public const int MaxCancelReason = 500;

    /// <summary>The request's own rules, checked before anything is priced, reserved or paid.</summary>
    public static void Validate(PlaceOrder request)
    {
        if (request.ShopperId == Guid.Empty)
        {
            throw new ValidationException("shopperId", "The shopper is required.");
        }
        if (string.IsNullOrWhiteSpace(request.PaymentMethod) || request.PaymentMethod.Length > 100 || TextRules.Error(request.PaymentMethod) is not null)
        {
            throw new ValidationException("paymentMethod", "A payment method (the processor's card token) of 1 to 100 characters is required.");
        }
        // The shipment's own rule: an order it would refuse is never placed.
        DeliveryAddressRules.Validate(request.Address);
    }

    public Decision Decide(OrderState state, CheckoutCommand command, DateTimeOffset now) => command switch
    {
        PlaceCheckout place => Place(state, place, now),
        _ when !state.IsPlaced => throw new NotFoundException("The order does not exist."),
        CodeReserved when state.Step == CheckoutStep.RedeemingCode => Decision.Of(new CodeWasReserved(now), effect: new ReserveStockEffect()),
        CodeRefused refused when state.Step == CheckoutStep.RedeemingCode =>
            Fail(CheckoutFailure.PromoCodeRefused, $"The promo code {state.PromoCode} could not be redeemed: {refused.Reason}", now),
        StockReserved when state.Step == CheckoutStep.Reserving => Decision.Of(new StockWasReserved(now), effect: new AuthorisePaymentEffect()),
        StockRefused refused when state.Step == CheckoutStep.Reserving =>
            Fail(CheckoutFailure.OutOfStock, $"Out of stock: {refused.Line.Title} ({refused.Line.Sku}). {refused.Reason}", now),
        PaymentDeadlineChecked when state.Step is CheckoutStep.RedeemingCode or CheckoutStep.Reserving or CheckoutStep.Authorising && now >= state.PaymentDeadline =>
            Fail(CheckoutFailure.PaymentTimeout, $"The payment was not authorised within {Describe(options.PaymentTimeout)}.", now),
        PaymentAnswered answered when state.Step == CheckoutStep.Authorising && answered.Payment.PaymentId == state.PaymentId => Answered(state, answered.Payment, now),
        OrderConfirmed when state.Step == CheckoutStep.Confirming => new Decision([new CheckoutPaid(now)],
            [new OrderPaid(OrderId(state), state.ShopperId, state.PaymentId!.Value, state.Total, state.Currency, state.SellerOrderIds)], []),
        OrderCompensated when state.Step == CheckoutStep.Compensating => End(state, now),
        SellerOrdersCancelled when state.Step == CheckoutStep.CancellingSellerOrders => End(state, now),
        CancelCheckout cancel => Cancel(state, cancel, now),
        _ => Decision.None,
    };

    /// <summary>
    /// Whether the order may take this step without writing it at once (the write of the next step carries it): after a
    /// crash the saga redoes it from the stored step. Stock reserved: the reservation is idempotent per order, and the
    /// reservations are still held (nothing is committed before the next step, authorised, is written).
    /// </summary>
    public static bool Redoable(CheckoutEvent change) => change is StockWasReserved;

    /// <summary>The effect that carries out a step; null once the saga is done.</summary>
    public static IAggregateEffect? EffectOf(CheckoutStep step) => step switch
    {
        CheckoutStep.RedeemingCode => new ReservePromoCodeEffect(),
        CheckoutStep.Reserving => new ReserveStockEffect(),
        CheckoutStep.Authorising => new AuthorisePaymentEffect(),
        CheckoutStep.Confirming => new ConfirmOrderEffect(),
        CheckoutStep.Compensating => new CompensateOrderEffect(),
        CheckoutStep.CancellingSellerOrders => new CancelSellerOrdersEffect(),
        _ => null,
    };

    public static OrderState Apply(OrderState state, CheckoutEvent change)
    {
        switch (change)
        {
            case CheckoutPlaced placed:
                state.OrderId = placed.OrderId;
                state.ShopperId = placed.Request.ShopperId;
                state.RequestHash = placed.Request.RequestHash;
                state.Lines = placed.Lines;
                state.Address = placed.Request.Address;
                state.PaymentMethod = placed.Request.PaymentMethod;
                state.CartKey = placed.Request.CartKey;
                state.Currency = placed.Currency;
                state.PlacedAt = placed.At;
                state.PaymentDeadline = placed.PaymentDeadline;
                state.PaymentId = placed.PaymentId;
                state.PromoCode = placed.Promo?.Code;
                state.PromoVersion = placed.Promo?.Version ?? 0;
                state.Step = placed.Promo is null ? CheckoutStep.Reserving : CheckoutStep.RedeemingCode;
                Record(state, OrderStatus.Placed, placed.At, null);
                break;
            case CodeWasReserved:
                state.Step = CheckoutStep.Reserving;
                break;
            case StockWasReserved reserved:
                state.Step = CheckoutStep.Authorising;
                Record(state, OrderStatus.AwaitingPayment, reserved.At, null);
                break;
            case PaymentWasAuthorised authorised:
                state.Step = CheckoutStep.Confirming;
                state.SellerOrderIds = authorised.SellerOrderIds;
                break;
            case CompensationBegun compensation:
                state.Step = CheckoutStep.Compensating;
                state.Outcome = compensation.Outcome;
                state.FailureReason = compensation.Reason;
                state.Failure = compensation.Failure;
                break;
            case PaidOrderCancellationBegun cancellation:
                state.Step = CheckoutStep.CancellingSellerOrders;
                state.Outcome = OrderStatus.Cancelled;
                state.FailureReason = cancellation.Reason;
                break;
            case CheckoutPaid paid:
                state.Step = CheckoutStep.Done;
                Record(state, OrderStatus.Paid, paid.At, null);
                break;
            case CheckoutEnded ended:
                state.Step = CheckoutStep.Done;
                Record(state, state.Outcome, ended.At, state.FailureReason);
                break;
        }
        return state;
    }

    private Decision Place(OrderState state, PlaceCheckout place, DateTimeOffset now)
    {
        var request = place.Request;
        if (state.IsPlaced)
        {
            return state.ShopperId == request.ShopperId && state.RequestHash == request.RequestHash
                ? Decision.None
                : throw new ConflictException("This idempotency key was already used for a different checkout request.");
        }
        Validate(request);
        Money.RequirePayable(place.Lines);
        if (place.Lines.Count > options.MaxLines)
        {
            throw new ValidationException("items", $"An order has at most {options.MaxLines} lines.");
        }
        if (place.Currencies.Count != 1)
        {
            throw new ValidationException("items", "Every item of one order must be priced in the same currency.");
        }
        var currency = place.Currencies.Single();
        var total = place.Lines.Sum(l => l.Subtotal);
        return Decision.Of(new CheckoutPlaced(now, place.OrderId, request, place.Lines, currency, now + options.PaymentTimeout, OrderIds.Payment(place.OrderId), place.Promo),
            new OrderPlaced(place.OrderId, request.ShopperId, total, currency, place.Lines.Sum(l => l.Quantity)),
            place.Promo is null ? new ReserveStockEffect() : new ReservePromoCodeEffect());
    }

    private static Decision Answered(OrderState state, PaymentView payment, DateTimeOffset now) => payment.Status switch
    {
        PaymentStatus.Authorised => Decision.Of(new PaymentWasAuthorised(now,
            state.Lines.Select(l => l.SellerId).Distinct().Select(s => OrderIds.SellerOrder(OrderId(state), s)).ToList()), effect: new ConfirmOrderEffect()),
        PaymentStatus.Declined => Fail(CheckoutFailure.PaymentDeclined, $"The payment was declined: {payment.DeclineCode}.", now),
        PaymentStatus.Failed or PaymentStatus.Abandoned => Fail(CheckoutFailure.PaymentFailed, payment.FailureReason ?? "The payment could not be made.", now),
        _ => Decision.None,
    };

    private static Decision Cancel(OrderState state, CancelCheckout cancel, DateTimeOffset now)
    {
        if (state.ShopperId != cancel.ShopperId)
        {
            throw new NotFoundException("The order does not exist.");
        }
        var reason = TextRules.Optional(cancel.Reason, "reason", MaxCancelReason, multiline: true) ?? "cancelled by the shopper";
        return state.Step switch
        {
            CheckoutStep.RedeemingCode or CheckoutStep.Reserving or CheckoutStep.Authorising =>
                Decision.Of(new CompensationBegun(now, OrderStatus.Cancelled, reason, null), effect: new CompensateOrderEffect()),
            CheckoutStep.Done when state.Status == OrderStatus.Paid && cancel.ParcelLeftSeller =>
                throw new ConflictException("Part of the order has already left the seller; it can no longer be cancelled."),
            CheckoutStep.Done when state.Status == OrderStatus.Paid =>
                Decision.Of(new PaidOrderCancellationBegun(now, reason), effect: new CancelSellerOrdersEffect()),
            CheckoutStep.Confirming => throw new ConflictException("The order is being confirmed; try again in a moment."),
            _ => Decision.None,
        };
    }

    private static Decision Fail(CheckoutFailure failure, string reason, DateTimeOffset now) =>
        Decision.Of(new CompensationBegun(now, OrderStatus.Failed, reason, failure), effect: new CompensateOrderEffect());

    private static Decision End(OrderState state, DateTimeOffset now)
    {
        var orderId = OrderId(state);
        var reason = state.FailureReason ?? "";
        IDomainEvent ended = state.Outcome == OrderStatus.Cancelled
            ? new OrderCancelled(orderId, state.ShopperId, reason)
            : new OrderFailed(orderId, state.ShopperId, reason);
        return Decision.Of(new CheckoutEnded(now), ended);
    }

    private static void Record(OrderState state, OrderStatus status, DateTimeOffset at, string? note)
    {
        state.Status = status;
        state.History.Add(new StatusChange(status.ToString(), at, note));
    }

    private static Guid OrderId(OrderState state) => state.OrderId;

    // The reason reaches the shopper: "15 minutes", not "0.25 hours" or "0.1 minutes".
    private static string Describe(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? "" : "s")}",
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => $"{span.TotalMinutes:0} minute{(span.TotalMinutes == 1 ? "" : "s")}",
        _ => $"{span.TotalSeconds:0.#} seconds",
    };
}
