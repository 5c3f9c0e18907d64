using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Grains.Common;
using Marketplace.Payments;

namespace Marketplace.Grains.Payments.Storage;

/// <summary>
/// A payment as the payments store keeps it: the whole ledger of one payment in one document, versioned for
/// optimistic concurrency. Amounts are in minor units so that every store keeps them exactly.
/// </summary>
public sealed class PaymentRecord
{
    public required Guid PaymentId { get; init; }
    public required Guid OrderId { get; init; }
    public required Guid ShopperId { get; init; }
    public required long AmountMinor { get; init; }
    public required string Currency { get; init; }
    public required string PaymentMethod { get; init; }
    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;
    public string? GatewayAuthorizationId { get; set; }
    public string? DeclineCode { get; set; }
    public string? FailureReason { get; set; }
    public List<PaymentOperationRecord> Operations { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The payment's events, saved with the change that raised them until the stream has them.</summary>
    public EventOutbox Outbox { get; init; } = new();

    /// <summary>The version this copy was read at (0 = never stored); the store bumps it on every save.</summary>
    [JsonIgnore]
    public long Version { get; set; }

    public PaymentOperationRecord Operation(Guid operationId) =>
        Operations.FirstOrDefault(o => o.OperationId == operationId) ?? throw new InvalidOperationException($"Payment {PaymentId} has no operation {operationId}.");

    public long SumOf(PaymentOperationKind kind, PaymentOperationStatus status) =>
        Operations.Where(o => o.Kind == kind && o.Status == status).Sum(o => o.AmountMinor);

    public PaymentView ToView() => new(PaymentId, OrderId, Status, AmountMinor, Currency,
        SumOf(PaymentOperationKind.Capture, PaymentOperationStatus.Succeeded),
        SumOf(PaymentOperationKind.Release, PaymentOperationStatus.Succeeded),
        SumOf(PaymentOperationKind.Refund, PaymentOperationStatus.Succeeded),
        DeclineCode, FailureReason,
        Operations.Select(o => new PaymentOperationView(o.OperationId, o.Kind, o.AmountMinor, o.Status, o.Attempts, o.Error, o.RequestedAt, o.CompletedAt)).ToList());
}

public sealed class PaymentOperationRecord
{
    public required Guid OperationId { get; init; }
    public required PaymentOperationKind Kind { get; init; }
    public required long AmountMinor { get; init; }
    public PaymentOperationStatus Status { get; set; } = PaymentOperationStatus.Pending;
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public required DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
}

/// <summary>The one JSON shape of a record, shared by the stores that keep it as a document.</summary>
public static class PaymentRecordJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OutboxJson.AddOutboxTypes } },
        // jsonb orders an object's keys its own way, so the @type of an outbox entry may come after its other members.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize(PaymentRecord record) => JsonSerializer.Serialize(record, Options);

    public static PaymentRecord Deserialize(string json, long version)
    {
        var record = JsonSerializer.Deserialize<PaymentRecord>(json, Options)
                     ?? throw new InvalidOperationException("A stored payment record is empty.");
        record.Version = version;
        return record;
    }
}
