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

    /// <summary>Compares every row of the read model with its aggregate; with <paramref name="repair"/>, rewrites what differs.</summary>
    Task<ConsistencyReport> Check(string readModel, bool repair);

    /// <summary>Empties the read model's tables and writes them again from the aggregates.</summary>
    Task<ConsistencyReport> Rebuild(string readModel);

    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<DeadLetterView>> DeadLetters(int page, int pageSize);

    /// <summary>Delivers the dead letter to its projection again; removed when it succeeds, kept (with the new error) when not.</summary>
    Task<ReplayResult> Replay(Guid deadLetterId);

    /// <summary>Replays every dead letter, oldest first.</summary>
    Task<ReplayResult> ReplayAll();
}

public static class ReadModelNames
{
    /// <summary>Category listings and seller storefronts (tables catalog_category_listings, catalog_seller_products).</summary>
    public const string Catalog = "catalog";
}

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
