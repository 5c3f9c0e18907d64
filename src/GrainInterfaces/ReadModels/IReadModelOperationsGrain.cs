using Marketplace.Common;

namespace Marketplace.ReadModels;

/// <summary>
/// What operators do to the projection tables (key 0; docs/read-models.md): compare a read model with the aggregates it
/// is projected from and repair what drifted, rebuild it from the aggregates, and list and replay the deliveries that
/// were parked as dead letters after their retries ran out.
/// </summary>
public interface IReadModelOperationsGrain : IGrainWithIntegerKey
{
    /// <summary>The read models that can be checked and rebuilt (<see cref="ReadModelNames"/>).</summary>
    Task<IReadOnlyList<string>> ReadModels();

    /// <summary>
    /// Starts a check of the read model against its aggregates (<see cref="ReadModelJobKind.Check"/>; with
    /// <see cref="ReadModelJobKind.Repair"/> it also rewrites what differs; <see cref="ReadModelJobKind.Rebuild"/> empties
    /// the tables and writes them again). It runs in the background, as a whole catalog takes longer than a call may;
    /// ConflictException while another job of the read model runs.
    /// </summary>
    Task<ReadModelJob> Start(string readModel, ReadModelJobKind kind);

    /// <summary>The read model's running or last job on this silo's activation; NotFoundException when there was none.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ReadModelJob> Job(string readModel);

    /// <summary>The parked deliveries, oldest first; <paramref name="after"/> a page's <c>Next</c> resumes after it (keyset).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<DeadLetterView>> DeadLetters(int page, int pageSize, string? after = null);

    /// <summary>Delivers the dead letter to its projection again; removed when it succeeds, kept (with the new error) when not.</summary>
    Task<ReplayResult> Replay(Guid deadLetterId);

    /// <summary>Replays every dead letter, oldest first.</summary>
    Task<ReplayResult> ReplayAll();
}

public static class ReadModelNames
{
    /// <summary>Category listings and seller storefronts (tables catalog_category_listings, catalog_seller_products).</summary>
    public const string Catalog = "catalog";

    /// <summary>The operators' queue of blocked and held products (table catalog_moderation_queue).</summary>
    public const string ProductModeration = "product-moderation";

    /// <summary>Each product's published reviews (table reviews_by_product).</summary>
    public const string ProductReviews = "product-reviews";

    /// <summary>Each author's reviews and the operators' queue of held reviews (table review_lists).</summary>
    public const string ReviewLists = "review-lists";

    /// <summary>Shoppers' order lists (table ordering_shopper_orders).</summary>
    public const string ShopperOrders = "shopper-orders";

    /// <summary>Sellers' sub-order lists (table ordering_seller_orders).</summary>
    public const string SellerOrders = "seller-orders";

    /// <summary>Shipment lists of sellers, shoppers and couriers, and the dispatch queues (table logistics_shipments).</summary>
    public const string Shipments = "shipments";

    /// <summary>Shoppers' purchase history (table ordering_purchases).</summary>
    public const string PurchaseHistory = "purchase-history";

    /// <summary>Shoppers' and sellers' return lists (table returns_list).</summary>
    public const string Returns = "returns";
}

[GenerateSerializer, System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReadModelJobKind>))]
public enum ReadModelJobKind
{
    Check,
    Repair,
    Rebuild,
}

[GenerateSerializer, System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReadModelJobState>))]
public enum ReadModelJobState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>A check, repair or rebuild: while running, <see cref="Report"/> is null; a failed one says why in <see cref="Error"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ReadModelJob(
    [property: Id(0)] string ReadModel,
    [property: Id(1)] ReadModelJobKind Kind,
    [property: Id(2)] ReadModelJobState State,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt = null,
    [property: Id(5)] ConsistencyReport? Report = null,
    [property: Id(6)] string? Error = null);

/// <summary>
/// What a check found: how many aggregates it compared, the rows that were missing, stale (differing from the
/// aggregate) or extra (no aggregate behind them), how many it rewrote, and a few of the ids that differed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsistencyReport(
    [property: Id(0)] string ReadModel,
    [property: Id(1)] int Checked,
    [property: Id(2)] int Missing,
    [property: Id(3)] int Stale,
    [property: Id(4)] int Extra,
    [property: Id(5)] int Repaired,
    [property: Id(6)] IReadOnlyList<string> Examples,
    [property: Id(7)] TimeSpan Took)
{
    public bool Consistent => Missing + Stale + Extra == 0;
}

/// <summary>A delivery a projection gave up on: which event, for which projection, and its last error.</summary>
[GenerateSerializer, Immutable]
public sealed record DeadLetterView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Projection,
    [property: Id(2)] string AggregateId,
    [property: Id(3)] Guid EventId,
    [property: Id(4)] string EventType,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string Error,
    [property: Id(7)] DateTimeOffset FirstFailedAt,
    [property: Id(8)] DateTimeOffset LastFailedAt);

[GenerateSerializer, Immutable]
public sealed record ReplayResult(
    [property: Id(0)] int Replayed,
    [property: Id(1)] int StillFailing);
