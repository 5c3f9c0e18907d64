using System.Text.Json.Serialization;
using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Recommendations.Events;

namespace Marketplace.Recommendations;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<RecommendationSource>))]
public enum RecommendationSource
{
    /// <summary>Ranked for this shopper from their own activity.</summary>
    Personal,

    /// <summary>The base feed: what everybody viewed and bought most lately.</summary>
    Popular,

    /// <summary>What shoppers bought in the same orders as one product.</summary>
    BoughtTogether,
}

/// <summary>Why a shopper got the base feed instead of personal recommendations.</summary>
[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<FallbackReason>))]
public enum FallbackReason
{
    /// <summary>No activity to go on yet, or nothing on sale matches it.</summary>
    NoHistory,

    /// <summary>The personal ranking failed or took too long.</summary>
    PersonalUnavailable,
}

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ReasonKind>))]
public enum ReasonKind
{
    /// <summary>In the category of a product the shopper viewed lately.</summary>
    ViewedSimilar,

    /// <summary>Of a brand the shopper keeps coming back to.</summary>
    FavouriteBrand,

    /// <summary>Among the most popular of a category the shopper likes.</summary>
    PopularInCategory,

    /// <summary>New in a category the shopper likes.</summary>
    InYourCategory,

    /// <summary>Among the most popular overall (the base feed).</summary>
    Popular,

    BoughtTogether,
}

/// <summary>Why an item is shown, for the shopper ("because you viewed X") and for clients that render it themselves.</summary>
[GenerateSerializer, Immutable]
public sealed record RecommendationReason(
    [property: Id(0)] ReasonKind Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] Guid? ProductId = null,
    [property: Id(3)] string? Category = null);

[GenerateSerializer, Immutable]
public sealed record Recommendation(
    [property: Id(0)] ProductSummary Product,
    [property: Id(1)] RecommendationReason Reason);

/// <summary>A page of recommendations; <see cref="Fallback"/> says why a shopper got the base feed, if so.</summary>
[GenerateSerializer, Immutable]
public sealed record RecommendationPage(
    [property: Id(0)] IReadOnlyList<Recommendation> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total,
    [property: Id(4)] RecommendationSource Source,
    [property: Id(5)] FallbackReason? Fallback = null)
{
    public static RecommendationPage Of(PagedList<Recommendation> page, RecommendationSource source) =>
        new(page.Items, page.Page, page.PageSize, page.Total, source);
}

[GenerateSerializer, Immutable]
public sealed record Interest(
    [property: Id(0)] string Name,
    [property: Id(1)] double Score);

/// <summary>What the marketplace infers of a shopper from their activity, strongest first: what personal ranking starts from.</summary>
[GenerateSerializer, Immutable]
public sealed record ShopperInterests(
    [property: Id(0)] IReadOnlyList<Interest> Categories,
    [property: Id(1)] IReadOnlyList<Interest> Brands,
    [property: Id(2)] IReadOnlyList<ActivityProduct> RecentlyViewed)
{
    public bool IsEmpty => Categories.Count == 0 && Brands.Count == 0 && RecentlyViewed.Count == 0;
}

public static class RecommendationPaging
{
    public const int DefaultPageSize = 20;
}
