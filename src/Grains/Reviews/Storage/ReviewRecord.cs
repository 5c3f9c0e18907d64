using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Grains.Common;
using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.Storage;

/// <summary>A review as the reviews store keeps it, versioned for optimistic concurrency; the version is also its ETag.</summary>
public sealed class ReviewRecord
{
    public required Guid ReviewId { get; init; }
    public required Guid ProductId { get; init; }
    public required Guid AuthorId { get; init; }
    public int Stars { get; set; }
    public string Text { get; set; } = "";
    public string? Pros { get; set; }
    public string? Cons { get; set; }
    public ReviewStatus Status { get; set; } = ReviewStatus.Pending;
    public string? StatusReason { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The review's events, saved with the change that raised them until the stream has them.</summary>
    public EventOutbox Outbox { get; init; } = new();

    /// <summary>The version this copy was read at (0 = never stored); the store bumps it on every save.</summary>
    [JsonIgnore]
    public long Version { get; set; }

    /// <summary>A copy to change, so that the original stays as stored if the save fails.</summary>
    public ReviewRecord Copy() => ReviewRecordJson.Deserialize(ReviewRecordJson.Serialize(this), Version);

    public ReviewView ToView() =>
        new(ReviewId, ProductId, AuthorId, Stars, Text, Pros, Cons, Status, StatusReason, Version, CreatedAt, UpdatedAt, PublishedAt);

    public PublishedReview ToPublished() =>
        new(ReviewId, ProductId, Stars, Text, Pros, Cons, PublishedAt ?? UpdatedAt);
}

/// <summary>The one JSON shape of a record, shared by the stores that keep it as a document.</summary>
public static class ReviewRecordJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OutboxJson.AddOutboxTypes } },
        // jsonb orders an object's keys its own way, so the @type of an outbox entry may come after its other members.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize(ReviewRecord record) => JsonSerializer.Serialize(record, Options);

    public static ReviewRecord Deserialize(string json, long version)
    {
        var record = JsonSerializer.Deserialize<ReviewRecord>(json, Options)
                     ?? throw new InvalidOperationException("A stored review record is empty.");
        record.Version = version;
        return record;
    }
}
