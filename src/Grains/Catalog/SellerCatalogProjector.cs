using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Sellers;
using Marketplace.Sellers.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Catalog;

/// <summary>Receives one seller's events (implicit subscription; key = the seller's stream key).</summary>
public interface ISellerCatalogProjector : IGrainWithStringKey;

/// <summary>
/// Hides a suspended seller's products and shows them again on reinstatement: on a change of the seller's standing
/// it tells each of the seller's products, found through the seller's product list (catalog_seller_products).
/// </summary>
[ImplicitStreamSubscription(StreamNames.Sellers)]
public sealed class SellerCatalogProjector(
    [PersistentState("catalog-projection", StorageNames.Sellers)] IPersistentState<SellerCatalogProjector.ProjectionState> state,
    ICatalogListingStore listings)
    : Grain, ISellerCatalogProjector, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        if (envelope.Data is not SellerChanged change || change.Version <= state.State.LastVersion)
        {
            return;
        }

        var active = change.Status == SellerStatus.Active;
        if (active != state.State.Active)
        {
            // Keyset pages: products the seller adds meanwhile cannot shift the walk past one of them.
            var query = new ListingQuery(PageSize: Paging.MaxPageSize, PublishedOnly: false);
            do
            {
                var products = await listings.SellerAsync(change.SellerId, query, CancellationToken.None);
                await Task.WhenAll(products.Items.Select(p => GrainFactory.GetGrain<IProductGrain>(p.ProductId).OnSellerStatusChanged(active)));
                query = query with { After = products.Next };
            }
            while (query.After is not null);
        }

        state.State.Active = active;
        state.State.LastVersion = change.Version;
        await state.WriteStateAsync();
    }

    [GenerateSerializer]
    public sealed class ProjectionState
    {
        [Id(0)] public bool Active { get; set; }
        [Id(1)] public long LastVersion { get; set; }
    }
}
