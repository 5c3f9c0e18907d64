using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// The operators' queue of products moderation hides until someone decides: blocked ones (which an operator may
/// approve) and held ones (edited after an operator's block). One grain: only changes of the queue's membership are
/// written, and those are rare next to the catalog's traffic.
/// </summary>
public sealed class ProductModerationQueue(
    [PersistentState("moderation-queue", StorageNames.Products)] IPersistentState<ProductModerationQueue.QueueState> state,
    TimeProvider clock)
    : Grain, IProductModerationQueue
{
    private ModerationCase[]? _ordered;

    public Task<PagedList<ModerationCase>> List(int page, int pageSize)
    {
        _ordered ??= state.State.Cases.Values.Select(c => c.Case).OrderBy(c => c.Since).ThenBy(c => c.ProductId).ToArray();
        return Task.FromResult(_ordered.ToPage(page, pageSize));
    }

    public async Task Track(ProductModerated moderated)
    {
        var cases = state.State.Cases;
        var known = cases.GetValueOrDefault(moderated.ProductId);
        if (known is not null && known.Sequence >= moderated.Sequence)
        {
            return;
        }
        if (moderated.Moderation.Status is ProductModerationStatus.Blocked or ProductModerationStatus.Held)
        {
            var since = known?.Case.Since ?? moderated.Moderation.DecidedAt ?? clock.GetUtcNow();
            cases[moderated.ProductId] = new TrackedCase(new ModerationCase(moderated.ProductId, moderated.SellerId, moderated.Title, moderated.Moderation, since),
                moderated.Sequence);
        }
        else if (!cases.Remove(moderated.ProductId))
        {
            return;
        }
        _ordered = null;
        await state.WriteStateAsync();
    }

    [GenerateSerializer]
    public sealed class QueueState
    {
        [Id(0)] public Dictionary<Guid, TrackedCase> Cases { get; set; } = [];
    }

    [GenerateSerializer, Immutable]
    public sealed record TrackedCase([property: Id(0)] ModerationCase Case, [property: Id(1)] long Sequence);
}

/// <summary>Receives one product's events (implicit subscription; key = the product's stream key).</summary>
public interface IProductModerationQueueFeed : IGrainWithStringKey;

/// <summary>Hands every moderation change of one product to the operators' queue, which orders them by sequence.</summary>
[ImplicitStreamSubscription(StreamNames.Products)]
public sealed class ProductModerationQueueFeed : Grain, IProductModerationQueueFeed, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => envelope.Data is ProductModerated moderated
            ? GrainFactory.GetGrain<IProductModerationQueue>(0).Track(moderated)
            : Task.CompletedTask);
}
