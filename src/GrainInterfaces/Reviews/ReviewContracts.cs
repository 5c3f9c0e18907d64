using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Reviews;

/// <summary>What a shopper writes: 1 to 5 stars, a text and, optionally, what they liked and did not. Validated by the review grain.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewDraft(
    [property: Id(0)] int Stars,
    [property: Id(1)] string? Text,
    [property: Id(2)] string? Pros = null,
    [property: Id(3)] string? Cons = null);

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    /// <summary>Submitted or edited; moderation has not decided yet. Only its author sees it.</summary>
    Pending,

    /// <summary>The automatic rules were unsure; an operator decides. Only its author and operators see it.</summary>
    Held,

    /// <summary>Visible on the product and counted in its rating.</summary>
    Published,

    /// <summary>Refused by the rules or an operator (<see cref="ReviewView.StatusReason"/> says why); the author may edit and resubmit.</summary>
    Rejected,

    /// <summary>Deleted by its author; submitting again writes a new review in its place.</summary>
    Removed,
}

/// <summary>A review as its author and operators see it. <see cref="Version"/> is its ETag; <see cref="StatusReason"/> explains a rejection or a hold.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewView(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] int Stars,
    [property: Id(4)] string Text,
    [property: Id(5)] string? Pros,
    [property: Id(6)] string? Cons,
    [property: Id(7)] ReviewStatus Status,
    [property: Id(8)] string? StatusReason,
    [property: Id(9)] long Version,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] DateTimeOffset? PublishedAt);

/// <summary>A published review as everybody sees it on the product: no author id, no moderation details. Every one is of a verified purchase.</summary>
[GenerateSerializer, Immutable]
public sealed record PublishedReview(
    [property: Id(0)] Guid ReviewId,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] int Stars,
    [property: Id(3)] string Text,
    [property: Id(4)] string? Pros,
    [property: Id(5)] string? Cons,
    [property: Id(6)] DateTimeOffset PublishedAt);

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ReviewSort>))]
public enum ReviewSort
{
    Newest,
    Highest,
    Lowest,
}

public static class ReviewSorts
{
    /// <summary>The <c>sort</c> query parameter: newest (default), highest or lowest, any case.</summary>
    public static ReviewSort Parse(string? sort) =>
        string.IsNullOrEmpty(sort) ? ReviewSort.Newest
        : Enum.TryParse<ReviewSort>(sort, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new ValidationException("sort", "Sort by newest, highest or lowest.");
}

/// <summary>Limits of a review's fields, shared by the grain's validation and the API's documentation.</summary>
public static class ReviewLimits
{
    public const int MinStars = 1;
    public const int MaxStars = 5;
    public const int MinTextLength = 10;
    public const int MaxTextLength = 4000;
    public const int MaxProsConsLength = 1000;
    public const int MaxReasonLength = 500;
}

public static class ReviewIds
{
    private static readonly Guid Scope = new("0c5b7d36-1f0a-4c1e-9a77-5e3c0f6b2d70");

    /// <summary>One review per shopper per product: the same pair always names the same review, so a repeated submit finds it.</summary>
    public static Guid For(Guid authorId, Guid productId) => DeterministicGuid.Create(Scope, $"{authorId:N}/{productId:N}");
}
