using Marketplace.Common;

namespace Marketplace.Logistics.Events;

[GenerateSerializer, Immutable]
public sealed record ShipmentCreated(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] Guid SellerId,
    [property: Id(4)] Guid ShopperId) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ShipmentStatusChanged(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] ShipmentStatus From,
    [property: Id(2)] ShipmentStatus To,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Location,
    [property: Id(5)] string Source) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ShipmentCourierAssigned(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid CourierId) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ShipmentRegisteredWithCarrier(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] string TrackingNumber) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ShipmentDelivered(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] DateTimeOffset DeliveredAt) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record ShipmentFailed(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] string Reason) : IDomainEvent;

/// <summary>The sub-order was cancelled before the parcel left the seller; nothing will be delivered.</summary>
[GenerateSerializer, Immutable]
public sealed record ShipmentCancelled(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid SellerOrderId,
    [property: Id(3)] string Reason) : IDomainEvent;

/// <summary>The shipment had no update within its deadline; operators see it in the overdue list until it moves again.</summary>
[GenerateSerializer, Immutable]
public sealed record ShipmentOverdue(
    [property: Id(0)] Guid ShipmentId,
    [property: Id(1)] ShipmentStatus Status,
    [property: Id(2)] DateTimeOffset LastUpdateAt) : IDomainEvent;
