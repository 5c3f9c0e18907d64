using System.Text.Json.Serialization;

namespace Marketplace.Payments;

[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    /// <summary>The authorisation has not been answered yet; it is being retried.</summary>
    Pending,

    /// <summary>The amount is held on the card (some of it may since be captured, released or refunded).</summary>
    Authorised,

    /// <summary>The processor refused the card; <see cref="PaymentView.DeclineCode"/> says why.</summary>
    Declined,

    /// <summary>The processor could not be reached within the retry budget; nothing is held.</summary>
    Failed,

    /// <summary>The owner gave up before the payment was settled.</summary>
    Abandoned,
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentOperationKind>))]
public enum PaymentOperationKind
{
    Authorise,
    Capture,
    Release,
    Refund,
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentOperationStatus>))]
public enum PaymentOperationStatus
{
    Pending,
    Succeeded,
    Rejected,
}

/// <summary>
/// <paramref name="PaymentMethod"/> is the processor's token for the card (the shopper's app tokenises the card
/// with the processor directly, so card numbers never reach the marketplace). Amounts are in minor units.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuthorisePayment(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid ShopperId,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] string Currency,
    [property: Id(4)] string PaymentMethod);

[GenerateSerializer, Immutable]
public sealed record PaymentOperationView(
    [property: Id(0)] Guid OperationId,
    [property: Id(1)] PaymentOperationKind Kind,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] PaymentOperationStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? Error,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] DateTimeOffset? CompletedAt);

[GenerateSerializer, Immutable]
public sealed record PaymentView(
    [property: Id(0)] Guid PaymentId,
    [property: Id(1)] Guid OrderId,
    [property: Id(2)] PaymentStatus Status,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency,
    [property: Id(5)] long CapturedMinor,
    [property: Id(6)] long ReleasedMinor,
    [property: Id(7)] long RefundedMinor,
    [property: Id(8)] string? DeclineCode,
    [property: Id(9)] string? FailureReason,
    [property: Id(10)] IReadOnlyList<PaymentOperationView> Operations)
{
    public bool IsSettled => Status != PaymentStatus.Pending;
}
