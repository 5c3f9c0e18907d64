using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Common;

namespace Marketplace.Grains.Integration;

/// <summary>
/// The JSON form of <see cref="EventEnvelope"/> on integrator topics:
/// <c>{"id","type","version","time","aggregateId","sequence","data"}</c>, camelCase, enums as strings.
/// </summary>
public static class EventEnvelopeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Serialize(EventEnvelope envelope) => JsonSerializer.SerializeToUtf8Bytes(
        new Wire(envelope.EventId, envelope.Type, envelope.Version, envelope.OccurredAt, envelope.AggregateId, envelope.Sequence, envelope.Data),
        Options);

    // Data typed as object so the event's own properties are written, not the (empty) IDomainEvent interface's.
    private sealed record Wire(Guid Id, string Type, int Version, DateTimeOffset Time, string AggregateId, long Sequence, object Data);
}
