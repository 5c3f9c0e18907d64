using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Logistics;
using Marketplace.Ordering;
using Marketplace.Returns;

namespace Marketplace.Grains.Returns;

[GenerateSerializer]
public sealed class ReturnState
{
    [Id(0)] public Guid ReturnId { get; set; }
    [Id(1)] public string RequestHash { get; set; } = "";
    [Id(2)] public Guid OrderId { get; set; }
    [Id(3)] public Guid SellerOrderId { get; set; }
    [Id(4)] public Guid SellerId { get; set; }
    [Id(5)] public Guid ShopperId { get; set; }
    [Id(6)] public Guid PaymentId { get; set; }
    [Id(7)] public ReturnReason Reason { get; set; }
    [Id(8)] public string? Comment { get; set; }
    [Id(9)] public ReturnMethod Method { get; set; }
    [Id(10)] public List<ReturnLine> Lines { get; set; } = [];
    [Id(11)] public string Currency { get; set; } = "";

    /// <summary>Where the courier collects the parcel: the address the goods were delivered to.</summary>
    [Id(12)] public DeliveryAddress? PickupAddress { get; set; }
    [Id(13)] public DateTimeOffset RequestedAt { get; set; }
    [Id(14)] public DateTimeOffset SellerDeadline { get; set; }
    [Id(15)] public ReturnStatus Status { get; set; }

    /// <summary>Whether the shopper has disputed a rejection (once only).</summary>
    [Id(16)] public bool Disputed { get; set; }

    /// <summary>The return parcel's attempt (1 for the first); 0 before one is arranged.</summary>
    [Id(17)] public int ParcelAttempt { get; set; }
    [Id(18)] public string? TrackingNumber { get; set; }
    [Id(19)] public bool? Resellable { get; set; }

    /// <summary>The refund's attempt (1 for the first); each attempt is a payment operation of its own id.</summary>
    [Id(20)] public int RefundAttempt { get; set; }
    [Id(21)] public string? RefundError { get; set; }
    [Id(22)] public List<ReturnStatusEntry> History { get; set; } = [];

    /// <summary>One per write: the return's ETag and the version its list rows show.</summary>
    [Id(23)] public long Version { get; set; }

    [Id(24)] public EventOutbox Outbox { get; set; } = new();

    public bool IsOpen => OrderId != Guid.Empty;

    public long AmountMinor => Money.ToMinor(Lines.Sum(l => l.Subtotal));

    public Guid? ShipmentId => ParcelAttempt > 0 ? ReturnIds.Shipment(ReturnId, ParcelAttempt) : null;

    public Guid? RefundId => RefundAttempt > 0 ? ReturnIds.Refund(ReturnId, RefundAttempt) : null;
}

/// <summary>Approve the return once the seller's deadline has passed, unless it was decided before.</summary>
[GenerateSerializer, Immutable]
public sealed record SellerDeadlineEffect([property: Id(0)] DateTimeOffset Due) : IAggregateEffect;

/// <summary>Open the return parcel of one attempt with logistics.</summary>
[GenerateSerializer, Immutable]
public sealed record OpenReturnParcelEffect([property: Id(0)] int Attempt) : IAggregateEffect;

/// <summary>Put the returned units back on sale (once per return and SKU).</summary>
[GenerateSerializer, Immutable]
public sealed record RestockReturnEffect : IAggregateEffect;

/// <summary>Ask the payment for one refund attempt, not before <see cref="NotBefore"/>, and report its outcome.</summary>
[GenerateSerializer, Immutable]
public sealed record RefundEffect([property: Id(0)] int Attempt, [property: Id(1)] DateTimeOffset NotBefore) : IAggregateEffect;

/// <summary>The delivered sub-order a return is asked of, as ordering holds it.</summary>
public sealed record DeliveredSubOrder(
    Guid OrderId,
    Guid SellerOrderId,
    Guid SellerId,
    Guid ShopperId,
    Guid PaymentId,
    SellerOrderStatus Status,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    DeliveryAddress Address);

/// <summary>What a return is asked or told.</summary>
public abstract record ReturnCommand;

/// <param name="Categories">The category of each requested product, for its return rules (a product gone from the catalog has none).</param>
public sealed record OpenReturn(Guid ReturnId, RequestReturn Request, DeliveredSubOrder SubOrder, IReadOnlyDictionary<Guid, string> Categories) : ReturnCommand;

public sealed record SellerDecides(Guid SellerId, bool Approve, string? Reason, long ExpectedVersion) : ReturnCommand;

/// <summary>The seller's deadline passed.</summary>
public sealed record DeadlinePassed : ReturnCommand;

public sealed record ShopperDisputes(Guid ShopperId, string Reason) : ReturnCommand;

public sealed record OperatorDecides(Guid OperatorId, bool Approve, string Reason) : ReturnCommand;

public sealed record ParcelLeft(Guid ShipmentId, string? TrackingNumber) : ReturnCommand;

public sealed record ParcelArrived(Guid ShipmentId, DateTimeOffset At) : ReturnCommand;

public sealed record ParcelLost(Guid ShipmentId, string Reason) : ReturnCommand;

public sealed record SellerReceives(Guid SellerId, bool Resellable, string? Note, long ExpectedVersion) : ReturnCommand;

/// <summary>The payment's word on a refund attempt: it succeeded, or the processor refused it with <paramref name="Error"/>.</summary>
public sealed record RefundAnswered(int Attempt, bool Succeeded, string? Error) : ReturnCommand;

/// <summary>A change of the return, folded by <see cref="ReturnCore.Apply"/>.</summary>
public abstract record ReturnEvent(DateTimeOffset At);

public sealed record ReturnOpened(DateTimeOffset At, Guid ReturnId, RequestReturn Request, DeliveredSubOrder SubOrder, IReadOnlyList<ReturnLine> Lines,
    DateTimeOffset SellerDeadline) : ReturnEvent(At);

/// <summary>A new status, who moved it there and why.</summary>
public sealed record ReturnMoved(DateTimeOffset At, ReturnStatus Status, string Actor, string? Note) : ReturnEvent(At);

public sealed record DisputeOpened(DateTimeOffset At) : ReturnEvent(At);

public sealed record ParcelArranged(DateTimeOffset At, int Attempt) : ReturnEvent(At);

public sealed record TrackingNumberKnown(DateTimeOffset At, string TrackingNumber) : ReturnEvent(At);

public sealed record ConditionConfirmed(DateTimeOffset At, bool Resellable) : ReturnEvent(At);

public sealed record RefundAttempted(DateTimeOffset At, int Attempt) : ReturnEvent(At);

public sealed record RefundRefused(DateTimeOffset At, string Error) : ReturnEvent(At);
