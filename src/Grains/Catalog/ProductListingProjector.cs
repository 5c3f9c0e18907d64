using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Catalog;

/// <summary>Receives one product's events (implicit subscription; key = the product's stream key).</summary>
public interface IProductListingProjector : IGrainWithStringKey;

/// <summary>
/// Keeps the category and seller listings in step with one product: it remembers where the product is listed,
/// so a category move or an unpublish takes it out of the old listings. Events are applied once and in order
/// (older sequences are dropped), so redelivery is harmless.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Products)]
public sealed class ProductListingProjector(
    [PersistentState("listing-projection", StorageNames.Products)] IPersistentState<ProductListingProjector.ProjectionState> state)
    : Grain, IProductListingProjector, IStreamSubscriptionObserver
{
    private ProjectionState State => state.State;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) => Apply(envelope));

    private async Task Apply(EventEnvelope envelope)
    {
        if (envelope.Data is not ProductChanged change || change.Sequence <= State.LastSequence)
        {
            return;
        }

        var product = change.Product;
        var summary = ProductSummary.Of(product);
        var listedIn = product.Visible ? Categories.SelfAndAncestors(product.Category).ToList() : [];
        var leaving = State.ListedIn.Except(listedIn).ToList();

        await Task.WhenAll(leaving.Select(c => Listing(ProductListings.ForCategory(c)).Remove(product.ProductId))
            .Concat(listedIn.Select(c => Listing(ProductListings.ForCategory(c)).Upsert(summary)))
            .Append(Listing(ProductListings.ForSeller(product.SellerId)).Upsert(summary)));

        var membershipChanged = !State.ListedIn.SequenceEqual(listedIn);
        State.ListedIn = listedIn;
        State.LastSequence = change.Sequence;
        // Most events (edits, stock) keep the membership; only a move needs remembering, so only a move is written.
        if (membershipChanged)
        {
            await state.WriteStateAsync();
        }
    }

    private IProductListingGrain Listing(string key) => GrainFactory.GetGrain<IProductListingGrain>(key);

    [GenerateSerializer]
    public sealed class ProjectionState
    {
        [Id(0)] public List<string> ListedIn { get; set; } = [];
        [Id(1)] public long LastSequence { get; set; }
    }
}
