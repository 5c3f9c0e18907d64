using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Catalog.Events;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ProductChangeKind>))]
public enum ProductChangeKind
{
    Created,
    Edited,
    Published,
    Archived,
    StockChanged,
    SellerStatusChanged,

    /// <summary>Moderation's standing changed (see the <see cref="ProductModerated"/> that follows).</summary>
    Moderated,

    /// <summary>A seller's sale was scheduled, changed or withdrawn, or one started or ended: variant prices moved.</summary>
    PriceChanged,
}

/// <summary>
/// Published on stream (<see cref="StreamNames.Products"/>, product id) after every change of a product card or of
/// its stock. <see cref="Sequence"/> grows with every event of one product (stock changes included, which leave the
/// card's <see cref="ProductSnapshot.Version"/> alone): a projection keeps the snapshot with the highest sequence.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductChanged(
    [property: Id(0)] ProductSnapshot Product,
    [property: Id(1)] ProductChangeKind Kind,
    [property: Id(2)] long Sequence) : IDomainEvent;
