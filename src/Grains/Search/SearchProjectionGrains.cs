using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Sellers.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Search;

/// <summary>Receives one product's events (implicit subscription; key = the product's stream key).</summary>
public interface IProductSearchProjection : IGrainWithStringKey;

/// <summary>Receives one seller's events (implicit subscription; key = the seller's stream key).</summary>
public interface ISellerSearchProjection : IGrainWithStringKey;

/// <summary>
/// Feeds the search index from one product's ProductChanged events. Keeps no state of its own: the index
/// orders writes by the event's sequence, so a redelivered or late event is a no-op.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Products)]
public sealed class ProductSearchProjection(ISearchIndex index, ILogger<ProductSearchProjection> logger)
    : Grain, IProductSearchProjection, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        if (envelope.Data is not ProductChanged change)
        {
            return;
        }
        if (!await index.UpsertProductAsync(SearchDocuments.Of(change.Product, change.Sequence)))
        {
            logger.LogDebug("Ignored stale event {EventId} of product {ProductId}", envelope.EventId, change.Product.ProductId);
        }
    }
}

/// <summary>Feeds the search index from one seller's SellerChanged events, ordered by the seller's version.</summary>
[ImplicitStreamSubscription(StreamNames.Sellers)]
public sealed class SellerSearchProjection(ISearchIndex index) : Grain, ISellerSearchProjection, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        if (envelope.Data is SellerChanged change)
        {
            await index.UpsertSellerAsync(SearchDocuments.Of(change.SellerId, change.DisplayName, change.Status, change.Version));
        }
    }
}
