using System.Text.Json.Serialization;
using Marketplace.Common;

namespace Marketplace.Catalog;

[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<ProductModerationStatus>))]
public enum ProductModerationStatus
{
    /// <summary>The rules are judging the text; shoppers do not see the product until they approve it (see docs/catalog.md).</summary>
    Pending,

    /// <summary>A blocked product's seller edited the text; it stays hidden until the rules judge the edit.</summary>
    Rechecking,

    /// <summary>An operator blocked the product and its seller then edited it: hidden until an operator decides.</summary>
    Held,

    Approved,

    /// <summary>Hidden from shoppers; <see cref="ProductModeration.Reason"/> tells the seller why.</summary>
    Blocked,
}

/// <summary>
/// Where moderation stands on a published product's shopper-facing text. <see cref="Revision"/> is the card
/// version whose text is (being) judged: a verdict about any other revision changes nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductModeration(
    [property: Id(0)] ProductModerationStatus Status,
    [property: Id(1)] long Revision,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] string? DecidedBy = null,
    [property: Id(4)] DateTimeOffset? DecidedAt = null)
{
    public const string DecidedByRules = "rules";
    public const string DecidedByOperator = "operator";

    /// <summary>Whether moderation keeps the product from shoppers: everything but an approval, so no text is public before it is judged.</summary>
    public bool HidesProduct => Status != ProductModerationStatus.Approved;

    /// <summary>Whether shoppers may see a card of this status and moderation (one published before moderation existed has none and stays visible).</summary>
    public static bool Releases(ProductStatus status, ProductModeration? moderation) =>
        status == ProductStatus.Published && moderation?.HidesProduct != true;

    /// <summary>Whether the rules still have to judge <see cref="Revision"/> (internal to moderation, not part of the contract).</summary>
    [JsonIgnore]
    public bool AwaitsRules => Status is ProductModerationStatus.Pending or ProductModerationStatus.Rechecking;
}

/// <summary>
/// The moderation side of a product card (key: product id; the product grain itself, so a verdict and the card's
/// visibility change together). The rules' verdicts come from the moderation subscriber, the rest from operators.
/// </summary>
public interface IProductModeration : IGrainWithGuidKey
{
    /// <summary>
    /// The rules' verdict on <paramref name="revision"/>: <paramref name="violation"/> is why the text may not be
    /// shown, or null when it is clean. Ignored unless that revision is still awaiting the rules.
    /// </summary>
    Task ApplyVerdict(long revision, string? violation);

    /// <summary>
    /// Shows a product moderation hides (blocked, held, or still awaiting the rules); ConflictException when it is
    /// already approved.
    /// </summary>
    Task<ProductSnapshot> Approve(Guid operatorId);

    /// <summary>Hides a published product with a reason its seller reads.</summary>
    Task<ProductSnapshot> Block(Guid operatorId, string reason);
}

/// <summary>One product moderation keeps hidden, in the operators' queue.</summary>
[GenerateSerializer, Immutable]
public sealed record ModerationCase(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] Guid SellerId,
    [property: Id(2)] string Title,
    [property: Id(3)] ProductModeration Moderation,
    [property: Id(4)] DateTimeOffset Since);

/// <summary>
/// The operators' queue of blocked and held products, longest waiting first, read from its projection table
/// (docs/catalog.md). A stateless worker: use key 0.
/// </summary>
public interface IProductModerationQueue : IGrainWithIntegerKey
{
    /// <summary><paramref name="after"/>: a page's <see cref="PagedList{T}.Next"/> (keyset paging; numbered pages then start there).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ModerationCase>> List(int page, int pageSize, string? after = null);
}
