using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Grains.Reviews;

public static class ReviewsServiceCollectionExtensions
{
    /// <summary>
    /// The reviews context: the reviews store, each product's list of published reviews (a read model, table
    /// <c>reviews_by_product</c> in the reviews store's database), and the moderation rules (the <c>Reviews</c> section).
    /// </summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ReviewsOptions.SectionName);
        services.Configure<ReviewsOptions>(section);
        var options = section.Get<ReviewsOptions>() ?? new ReviewsOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddContentModeration(configuration);
        services.AddSingleton<ModerationRules>();
        services.AddSingleton<ReviewsMetrics>();
        services.AddSingleton<IReviewStore>(provider => DocumentStores.Resolve(options.Store, configuration) switch
        {
            DocumentStoreKind.Postgres => new PostgresReviewStore(PostgresPools.DataSource(DocumentStores.PostgresConnectionString(
                options.PostgresConnectionString, StorageNames.Reviews, ReviewsOptions.SectionName, configuration), configuration)),
            DocumentStoreKind.Mongo => new MongoReviewStore(DocumentStores.MongoDatabase(options.MongoConnectionString, ReviewsOptions.SectionName)),
            DocumentStoreKind.Sqlite => new SqliteReviewStore(DocumentStores.Sqlite(configuration)),
            _ => new InMemoryReviewStore(provider.GetRequiredService<IGrainFactory>()),
        });
        services.AddReadModels(configuration);
        services.AddReadModel<IProductReviewStore, ProductReviewProjection, ProductReviewReconciler>(StorageNames.Reviews,
            database => new SqlProductReviewStore(database), provider => new InMemoryProductReviewStore(provider.GetRequiredService<IGrainFactory>()));
        return services;
    }
}
