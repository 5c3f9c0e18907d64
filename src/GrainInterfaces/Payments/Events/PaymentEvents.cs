using Marketplace.Common;

namespace Marketplace.Payments.Events;

[GenerateSerializer, Immutable]
public sealed record PaymentAuthorised(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] string Currency) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record PaymentDeclined(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] string DeclineCode) : IDomainEvent;

/// <summary>The processor stayed unreachable for the whole retry budget.</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentFailed(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] string Reason) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record PaymentCaptured(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid OperationId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record PaymentReleased(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid OperationId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency) : IDomainEvent;

[GenerateSerializer, Immutable]
public sealed record PaymentRefunded(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] Guid OperationId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency) : IDomainEvent;
