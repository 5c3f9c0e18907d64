using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>
/// What the operators' queue holds of one product: its case while moderation hides it until someone decides (blocked,
/// or held after an operator's block), none otherwise, and the version (ProductModerated.Sequence) it was written
/// from. A product that left the queue keeps its row without a case, so a late event of an older version cannot
/// bring it back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModerationQueueRow([property: Id(0)] Guid ProductId, [property: Id(1)] ModerationCase? Case, [property: Id(2)] long Version)
{
    /// <summary>
    /// The row a moderation change leads to. A case waits since the decision that queued it (a held edit still stands on
    /// the operator's block, so it waits as long as the block), so a rebuild from the products finds the same time;
    /// <paramref name="undated"/> is for a decision that carries no time (held before decisions carried theirs).
    /// </summary>
    public static ModerationQueueRow Of(Guid productId, Guid sellerId, string title, ProductModeration moderation, long version, DateTimeOffset undated) =>
        new(productId, Queues(moderation) ? new ModerationCase(productId, sellerId, title, moderation, moderation.DecidedAt ?? undated) : null, version);

    public static ModerationQueueRow Of(ProductModerated moderated, DateTimeOffset undated) =>
        Of(moderated.ProductId, moderated.SellerId, moderated.Title, moderated.Moderation, moderated.Sequence, undated);

    /// <summary>Whether operators must decide: the rules' verdicts (approved, blocked, pending) need nobody unless an operator blocked.</summary>
    public static bool Queues(ProductModeration moderation) => moderation.Status is ProductModerationStatus.Blocked or ProductModerationStatus.Held;

    /// <summary>Whether two rows queue the same thing, whatever their versions.</summary>
    public bool Queues(ModerationQueueRow other) => Case == other.Case;
}

/// <summary>Where a keyset page of the queue resumes: the last case's waiting time (UTC ticks) and product id.</summary>
public sealed record ModerationQueuePosition(long Since, Guid ProductId)
{
    public static ModerationQueuePosition Of(ModerationCase queued) => new(queued.Since.UtcTicks, queued.ProductId);
}

/// <summary>
/// The queue's projection table, <c>catalog_moderation_queue</c> (migration 0801): a row is written only from a newer
/// version than the stored one (or the same, by a repair), so redelivered and reordered events change nothing.
/// </summary>
public interface IModerationQueueStore
{
    Task<bool> ApplyAsync(ModerationQueueRow row, bool replaceSameVersion, CancellationToken cancellationToken);

    Task<ModerationQueueRow?> FindAsync(Guid productId, CancellationToken cancellationToken);

    Task RemoveAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>The queued cases, longest waiting first (then by product id).</summary>
    Task<PagedList<ModerationCase>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);

    IAsyncEnumerable<Guid> ProductIdsAsync(CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);
}
