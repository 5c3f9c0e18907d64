using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Payments;

namespace Marketplace.Grains.Ordering;

/// <summary>What the checkout saga is asked or told: by the shopper, or by the shell reporting how an effect went.</summary>
public abstract record CheckoutCommand;

/// <summary>
/// A checkout request, priced (the shell read the cart or the catalogue, and the promo code's quote, whose discount the
/// lines carry); a repeat of the first one changes nothing.
/// </summary>
public sealed record PlaceCheckout(Guid OrderId, PlaceOrder Request, List<OrderLine> Lines, IReadOnlySet<string> Currencies, PricedCode? Promo = null) : CheckoutCommand;

/// <summary>The promo code an order is priced with, under version <paramref name="Version"/> of its terms.</summary>
public sealed record PricedCode(string Code, long Version);

/// <summary>The code holds a redemption for the order.</summary>
public sealed record CodeReserved : CheckoutCommand;

public sealed record CodeRefused(string Reason) : CheckoutCommand;

public sealed record StockReserved : CheckoutCommand;

public sealed record StockRefused(OrderLine Line, string Reason) : CheckoutCommand;

/// <summary>The payment's answer to an authorisation (or its settlement, told by the payment itself).</summary>
public sealed record PaymentAnswered(PaymentView Payment) : CheckoutCommand;

/// <summary>The effect waiting on the payment woke up: an order unpaid past its deadline fails.</summary>
public sealed record PaymentDeadlineChecked : CheckoutCommand;

/// <summary>Stock committed, sub-orders opened, cart emptied.</summary>
public sealed record OrderConfirmed : CheckoutCommand;

/// <summary>Reservations released and the payment given up.</summary>
public sealed record OrderCompensated : CheckoutCommand;

public sealed record SellerOrdersCancelled : CheckoutCommand;

/// <summary>The shopper cancels; <paramref name="ParcelLeftSeller"/> is what the shell learnt from the sub-orders and shipments of a paid order.</summary>
public sealed record CancelCheckout(Guid ShopperId, string? Reason, bool ParcelLeftSeller) : CheckoutCommand;

/// <summary>A change of the order, folded into its state by <see cref="CheckoutSaga.Apply"/>.</summary>
public abstract record CheckoutEvent(DateTimeOffset At);

public sealed record CheckoutPlaced(DateTimeOffset At, Guid OrderId, PlaceOrder Request, List<OrderLine> Lines, string Currency, DateTimeOffset PaymentDeadline, Guid PaymentId,
    PricedCode? Promo) : CheckoutEvent(At);

public sealed record CodeWasReserved(DateTimeOffset At) : CheckoutEvent(At);

public sealed record StockWasReserved(DateTimeOffset At) : CheckoutEvent(At);

public sealed record PaymentWasAuthorised(DateTimeOffset At, List<Guid> SellerOrderIds) : CheckoutEvent(At);

/// <summary>The saga turns back: <paramref name="Failure"/> is why it failed, null for a shopper's cancel.</summary>
public sealed record CompensationBegun(DateTimeOffset At, OrderStatus Outcome, string Reason, CheckoutFailure? Failure) : CheckoutEvent(At);

public sealed record CheckoutPaid(DateTimeOffset At) : CheckoutEvent(At);

public sealed record CheckoutEnded(DateTimeOffset At) : CheckoutEvent(At);

public sealed record PaidOrderCancellationBegun(DateTimeOffset At, string Reason) : CheckoutEvent(At);

/// <summary>Hold one redemption of the order's promo code (idempotent per order); released by the compensation.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservePromoCodeEffect : IAggregateEffect;

/// <summary>Reserve every line's stock (idempotent per order).</summary>
[GenerateSerializer, Immutable]
public sealed record ReserveStockEffect : IAggregateEffect;

/// <summary>Authorise the order's total, then wait for the payment to settle or the deadline to pass.</summary>
[GenerateSerializer, Immutable]
public sealed record AuthorisePaymentEffect : IAggregateEffect;

/// <summary>Commit every reservation, redeem the promo code, open one sub-order per seller, empty the cart.</summary>
[GenerateSerializer, Immutable]
public sealed record ConfirmOrderEffect : IAggregateEffect;

/// <summary>Release every reservation and the promo code's redemption, and give up the payment (its hold is released).</summary>
[GenerateSerializer, Immutable]
public sealed record CompensateOrderEffect : IAggregateEffect;

/// <summary>Cancel every sub-order of a paid order (each puts its stock back and releases its share), and give back its promo code's redemption.</summary>
[GenerateSerializer, Immutable]
public sealed record CancelSellerOrdersEffect : IAggregateEffect;
