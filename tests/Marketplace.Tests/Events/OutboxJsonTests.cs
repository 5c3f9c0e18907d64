using System.Text.Json.Nodes;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Payments.Events;

namespace Marketplace.Tests.Events;

/// <summary>The outbox inside a JSON document (the payment and review records) reads back as it was written, whatever the key order.</summary>
public sealed class OutboxJsonTests
{
    [Fact]
    public void A_payment_record_keeps_its_pending_events_and_effects_through_json_with_keys_reordered_as_jsonb_does()
    {
        var paymentId = Guid.NewGuid();
        var record = new PaymentRecord
        {
            PaymentId = paymentId, OrderId = Guid.NewGuid(), ShopperId = Guid.NewGuid(), AmountMinor = 12_345, Currency = "RUB",
            PaymentMethod = "pm_card_visa", CreatedAt = DateTimeOffset.UtcNow,
        };
        var authorised = new EventEnvelope(Guid.NewGuid(), nameof(PaymentAuthorised), 1, DateTimeOffset.UtcNow, paymentId.ToString(),
            new PaymentAuthorised(paymentId, record.OrderId, 12_345, "RUB"), 7);
        record.Outbox.LastSequence = 7;
        record.Outbox.Pending.Add(new OutboxEvent(StreamNames.Payments, authorised));
        record.Outbox.Pending.Add(new OutboxEffect(new CaptureEffect()));

        // jsonb keeps the shortest keys first, so "@type" need not lead its object.
        var json = ReorderKeys(JsonNode.Parse(PaymentRecordJson.Serialize(record))!).ToJsonString();
        var read = PaymentRecordJson.Deserialize(json, 3);

        Assert.Equal(7, read.Outbox.LastSequence);
        var readEvent = Assert.IsType<OutboxEvent>(read.Outbox.Pending[0]);
        Assert.Equal(StreamNames.Payments, readEvent.StreamNamespace);
        Assert.Equal(authorised, readEvent.Envelope);
        Assert.IsType<CaptureEffect>(Assert.IsType<OutboxEffect>(read.Outbox.Pending[1]).Effect);
    }

    private static JsonNode ReorderKeys(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key.StartsWith('@'))
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : ReorderKeys(p.Value.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(i => i is null ? null : ReorderKeys(i.DeepClone()))]),
        _ => node.DeepClone(),
    };
}
