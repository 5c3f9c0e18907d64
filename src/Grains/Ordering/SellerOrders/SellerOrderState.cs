using Marketplace.Grains.Common;
using Marketplace.Logistics;
using Marketplace.Ordering;

namespace Marketplace.Grains.Ordering;

[GenerateSerializer]
public sealed class SellerOrderState
{
    [Id(0)] public Guid OrderId { get; set; }
    [Id(1)] public Guid SellerId { get; set; }
    [Id(2)] public Guid ShopperId { get; set; }
    [Id(3)] public Guid PaymentId { get; set; }
    [Id(4)] public List<OrderLine> Lines { get; set; } = [];
    [Id(5)] public string Currency { get; set; } = "";
    [Id(6)] public DeliveryAddress? Address { get; set; }
    [Id(7)] public DateTimeOffset PlacedAt { get; set; }
    [Id(8)] public SellerOrderStatus Status { get; set; }
    [Id(9)] public Guid ShipmentId { get; set; }
    [Id(10)] public string? TrackingNumber { get; set; }
    [Id(12)] public List<StatusChange> History { get; set; } = [];

    /// <summary>Events and effects written with the transition that owes them, until delivered.</summary>
    [Id(13)] public EventOutbox Outbox { get; set; } = new();

    /// <summary>The sub-order's own id (its grain key), so the core can name it in events.</summary>
    [Id(14)] public Guid SellerOrderId { get; set; }

    /// <summary>The platform's promo code the order was placed with (its discount is on the lines); null without one.</summary>
    [Id(15)] public string? PromoCode { get; set; }

    public bool IsOpen => OrderId != Guid.Empty;

    /// <summary>The sub-order's money; <see cref="PriceBreakdown.PromoDiscount"/> is what the platform funds and owes the seller.</summary>
    public PriceBreakdown Breakdown => PriceBreakdown.Of(Lines);
}

/// <summary>Open the sub-order's shipment.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateShipmentEffect : IAggregateEffect;

/// <summary>Capture the sub-order's share of the held payment.</summary>
[GenerateSerializer, Immutable]
public sealed record CaptureEffect : IAggregateEffect;

/// <summary>Release the sub-order's share of the held payment and put its stock back.</summary>
[GenerateSerializer, Immutable]
public sealed record ReleaseAndRestockEffect : IAggregateEffect;

/// <summary>What a sub-order is asked or told: by its order, by its shopper's cancel, or by logistics about its parcel.</summary>
public abstract record SellerOrderCommand;

public sealed record OpenSubOrder(Guid SellerOrderId, OpenSellerOrder Order) : SellerOrderCommand;

/// <summary>The shell withdrew the shipment first (a parcel already handed over refuses, and so does the cancel).</summary>
public sealed record CancelSubOrder(string Reason) : SellerOrderCommand;

public sealed record ParcelHandedOver(Guid ShipmentId, string? TrackingNumber) : SellerOrderCommand;

public sealed record ParcelDelivered(Guid ShipmentId, DateTimeOffset DeliveredAt) : SellerOrderCommand;

public sealed record ParcelFailed(Guid ShipmentId, string Reason) : SellerOrderCommand;

public abstract record SellerOrderEvent(DateTimeOffset At);

public sealed record SubOrderOpened(DateTimeOffset At, Guid SellerOrderId, OpenSellerOrder Order) : SellerOrderEvent(At);

public sealed record SubOrderMoved(DateTimeOffset At, SellerOrderStatus Status, string? Note, string? TrackingNumber) : SellerOrderEvent(At);
