using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.ReviewLists;
using Marketplace.Grains.Reviews.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Reviews;

public static class ReviewsServiceCollectionExtensions
{
    /// <summary>
    /// The reviews context: the reviews store, each product's list of published reviews and each author's list with the
    /// held queue (read models, tables <c>reviews_by_product</c> and <c>review_lists</c> in the reviews store's
    /// database), and the moderation rules (the <c>Reviews</c> section).
    /// </summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewsOptions>().BindConfiguration(ReviewsOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddContentModeration();
        services.AddSingleton<ModerationRules>();
        services.AddSingleton<ReviewsMetrics>();
        services.AddSingleton<IRatingRecounts, RatingGrainRecounts>();
        services.AddSingleton<IReviewStore>(provider =>
            DocumentStores.Resolve(provider.GetRequiredService<IOptions<ReviewsOptions>>().Value.Store, configuration) switch
            {
                DocumentStoreKind.Memory => new InMemoryReviewStore(provider.GetRequiredService<IGrainFactory>()),
                var engine => provider.Adapter<IReviewStore>(engine),
            });
        services.AddReadModels(configuration);
        services.AddReadModel<IProductReviewStore, ProductReviewProjection, ProductReviewReconciler>(StorageNames.Reviews,
            provider => new InMemoryProductReviewStore(provider.GetRequiredService<IGrainFactory>()));
        services.AddReadModel<IReviewListStore, ReviewListProjection, ReviewListReconciler>(StorageNames.Reviews,
            provider => new InMemoryReviewListStore(provider.GetRequiredService<IGrainFactory>()));
        return services;
    }
}
