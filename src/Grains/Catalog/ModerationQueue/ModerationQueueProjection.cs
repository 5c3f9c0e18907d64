using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Orleans.Concurrency;

namespace Marketplace.Grains.Catalog.ModerationQueue;

/// <summary>Projects ProductModerated into the operators' queue, ordered by the event's sequence.</summary>
public sealed class ModerationQueueProjection(IModerationQueueStore store) : IReadModelProjection
{
    public string Name => "product-moderation-queue";

    public IReadOnlyCollection<string> StreamNamespaces => [StreamNames.Products];

    public Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        envelope.Data is ProductModerated moderated
            ? store.ApplyAsync(ModerationQueueRow.Of(moderated, envelope.OccurredAt), replaceSameVersion: false, cancellationToken)
            : Task.CompletedTask;
}

/// <summary>Serves the operators' queue from its table; any silo, as many activations as the load needs.</summary>
[StatelessWorker]
public sealed class ModerationQueueGrain(IModerationQueueStore store) : Grain, IProductModerationQueue
{
    public Task<PagedList<ModerationCase>> List(int page, int pageSize, string? after = null) =>
        store.PageAsync(page, pageSize, after, CancellationToken.None);
}
