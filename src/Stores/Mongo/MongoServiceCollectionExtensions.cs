using Marketplace.Grains.Common;
using Marketplace.Grains.Payments;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Grains.Reviews;
using Marketplace.Grains.Reviews.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Marketplace.Stores.Mongo;

public static class MongoServiceCollectionExtensions
{
    /// <summary>
    /// The original design's MongoDB as the payments' and the reviews' document store, picked by <c>AddPayments</c> and
    /// <c>AddReviews</c> when <c>Payments:Store</c> or <c>Reviews:Store</c> is Mongo (with its <c>MongoConnectionString</c>).
    /// </summary>
    public static IServiceCollection AddMongoStores(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IPaymentRecordStore>(DocumentStoreKind.Mongo, (provider, _) => new MongoPaymentRecordStore(
            Database(provider.GetRequiredService<IOptions<PaymentsOptions>>().Value.MongoConnectionString, PaymentsOptions.SectionName)));
        services.AddKeyedSingleton<IReviewStore>(DocumentStoreKind.Mongo, (provider, _) => new MongoReviewStore(
            Database(provider.GetRequiredService<IOptions<ReviewsOptions>>().Value.MongoConnectionString, ReviewsOptions.SectionName)));
        return services;
    }

    /// <summary>The database named in the MongoDB URL (default <c>marketplace</c>).</summary>
    public static IMongoDatabase Database(string? url, string section)
    {
        var mongoUrl = MongoUrl.Create(url ?? throw new InvalidOperationException($"A MongoDB store needs {section}:MongoConnectionString."));
        return new MongoClient(mongoUrl).GetDatabase(mongoUrl.DatabaseName ?? "marketplace");
    }
}
