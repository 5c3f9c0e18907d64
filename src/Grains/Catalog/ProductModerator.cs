using Marketplace.Catalog;
using Marketplace.Catalog.Events;
using Marketplace.Common;
using Marketplace.Media;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Catalog;

/// <summary>Receives one product's events (implicit subscription; key = the product's stream key).</summary>
public interface IProductModerator : IGrainWithStringKey;

/// <summary>
/// The moderation service of the original design for product cards: judges each published or edited revision the
/// card says awaits the rules, and hands the verdict to the card, which ignores a revision it has moved past.
/// Redelivery is therefore harmless and the moderator keeps no state.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Products)]
public sealed class ProductModerator(ProductModerationRules rules) : Grain, IProductModerator, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) =>
            envelope.Data is ProductChanged { Kind: ProductChangeKind.Published or ProductChangeKind.Edited, Product.Moderation: { AwaitsRules: true } moderation } change
                ? Judge(change.Product, moderation.Revision)
                : Task.CompletedTask);

    private async Task Judge(ProductSnapshot product, long revision)
    {
        var uploaded = product.Images.Count == 0
            ? []
            : (await GrainFactory.GetGrain<IProductMediaGrain>(product.ProductId).List(product.SellerId)).Select(i => i.Reference).ToHashSet(StringComparer.Ordinal);
        await GrainFactory.GetGrain<IProductModeration>(product.ProductId).ApplyVerdict(revision, rules.Judge(product, uploaded));
    }
}
