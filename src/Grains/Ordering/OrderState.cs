using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

/// <summary>Where the checkout saga stands; the step is stored before the saga acts on it.</summary>
public enum CheckoutStep
{
    Reserving,
    Authorising,
    Confirming,

    /// <summary>Undoing an unpaid order: release every reservation and give up the payment, then end as <see cref="OrderState.Outcome"/>.</summary>
    Compensating,

    /// <summary>Cancelling a paid order: cancel every sub-order (each puts its stock back and releases its money).</summary>
    CancellingSellerOrders,
    Done,

    /// <summary>Holding one redemption of the order's promo code (before any stock is reserved).</summary>
    RedeemingCode,
}

[GenerateSerializer]
public sealed class OrderState
{
    [Id(0)] public Guid ShopperId { get; set; }
    [Id(1)] public string RequestHash { get; set; } = "";
    [Id(2)] public List<OrderLine> Lines { get; set; } = [];
    [Id(3)] public DeliveryAddress? Address { get; set; }
    [Id(4)] public string PaymentMethod { get; set; } = "";
    [Id(5)] public string Currency { get; set; } = "";
    [Id(6)] public OrderStatus Status { get; set; }
    [Id(7)] public CheckoutStep Step { get; set; }
    [Id(8)] public OrderStatus Outcome { get; set; }
    [Id(9)] public string? FailureReason { get; set; }
    [Id(10)] public Guid? PaymentId { get; set; }
    [Id(11)] public DateTimeOffset PlacedAt { get; set; }
    [Id(12)] public DateTimeOffset PaymentDeadline { get; set; }
    [Id(13)] public List<Guid> SellerOrderIds { get; set; } = [];
    [Id(14)] public List<StatusChange> History { get; set; } = [];
    [Id(15)] public string? CartKey { get; set; }

    /// <summary>Events written with the transition that raised them, until the stream has them.</summary>
    [Id(16)] public EventOutbox Outbox { get; set; } = new();

    /// <summary>The order's own id (its grain key), so the saga's core can name it in events.</summary>
    [Id(17)] public Guid OrderId { get; set; }

    /// <summary>Why the checkout failed (with <see cref="FailureReason"/>'s words); null unless it did.</summary>
    [Id(18)] public CheckoutFailure? Failure { get; set; }

    /// <summary>The platform's promo code the order is placed with (its discount is on the lines); null without one.</summary>
    [Id(19)] public string? PromoCode { get; set; }

    /// <summary>The version of the code's terms the lines were priced under; the reservation must find the same.</summary>
    [Id(20)] public long PromoVersion { get; set; }

    public bool IsPlaced => ShopperId != Guid.Empty;

    /// <summary>What the shopper pays: the amount authorised.</summary>
    public decimal Total => Lines.Sum(l => l.Subtotal);
}
