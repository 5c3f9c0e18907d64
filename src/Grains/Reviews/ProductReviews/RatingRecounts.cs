using Marketplace.Reviews;

namespace Marketplace.Grains.Reviews.ProductReviews;

/// <summary>Has a product's rating counted again from its review list, once the list changed (or may have).</summary>
public interface IRatingRecounts
{
    Task RecountAsync(Guid productId);
}

/// <summary>The silo's: the product's rating grain recounts.</summary>
public sealed class RatingGrainRecounts(IGrainFactory grains) : IRatingRecounts
{
    public Task RecountAsync(Guid productId) => grains.GetGrain<IProductRatingGrain>(productId).Recount();
}
