using Marketplace.Catalog;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Recommendations;
using Marketplace.Recommendations.Events;
using Marketplace.Search;
using Orleans.Concurrency;

namespace Marketplace.Grains.Recommendations;

/// <summary>
/// Turns a shopper's actions into events on their activity stream, describing each product once so that every
/// subscriber reads the same category and brand. Holds nothing, so any silo may run as many as it likes.
/// </summary>
[StatelessWorker]
public sealed class ShopperActivityGrain : Grain, IShopperActivityGrain
{
    private Guid ShopperId => this.GetPrimaryKey();

    public async Task ViewedProduct(Guid productId)
    {
        if (await GrainFactory.Describe(productId) is { } product)
        {
            await Publish(new ProductViewed(ShopperId, product));
        }
    }

    public Task Searched(ProductSearchQuery query)
    {
        // A category filter that names no category finds nothing and says nothing of the shopper's taste.
        var category = query.Category is { } filter && Categories.Exists(filter) ? filter : null;
        return string.IsNullOrWhiteSpace(query.Text) && category is null && string.IsNullOrWhiteSpace(query.Brand)
            ? Task.CompletedTask
            : Publish(new SearchPerformed(ShopperId, query.Text?.Trim(), category, query.Brand));
    }

    public async Task AddedToCart(Guid productId, int quantity)
    {
        if (await GrainFactory.Describe(productId) is { } product)
        {
            await Publish(new ProductAddedToCart(ShopperId, product, quantity));
        }
    }

    public async Task Purchased(Guid orderId, IReadOnlyList<PurchasedItem> items)
    {
        var products = await Task.WhenAll(items.Select(async item => new PurchasedProduct(
            await GrainFactory.Describe(item.ProductId) ?? new ActivityProduct(item.ProductId, item.Title, "", ""), item.Quantity)));
        await Publish(new ProductsPurchased(ShopperId, orderId, products), DeterministicGuid.Create(orderId, "purchased"));
    }

    private Task Publish(IDomainEvent activity, Guid? eventId = null) =>
        this.PublishEventAsync(StreamNames.UserActivity, UserActivityStream.KeyOf(ShopperId), activity, eventId);
}
