using Marketplace.Common;
using Marketplace.Grains.Catalog.Listings;
using Marketplace.Grains.Catalog.ModerationQueue;
using Marketplace.Grains.Common;
using Marketplace.Grains.Identity.Records;
using Marketplace.Grains.Logistics.Lists;
using Marketplace.Grains.Ordering.Lists;
using Marketplace.Grains.Ordering.Purchases;
using Marketplace.Grains.Payments;
using Marketplace.Grains.Payments.Storage;
using Marketplace.Grains.Payouts.Ledger;
using Marketplace.Grains.Payouts.Lists;
using Marketplace.Grains.Promotions.Lists;
using Marketplace.Grains.ReadModels;
using Marketplace.Grains.Returns.Lists;
using Marketplace.Grains.Reviews;
using Marketplace.Grains.Reviews.ProductReviews;
using Marketplace.Grains.Reviews.ReviewLists;
using Marketplace.Grains.Reviews.Storage;
using Marketplace.Grains.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Marketplace.Stores.Sql;

public static class SqlStoresServiceCollectionExtensions
{
    /// <summary>
    /// The stores on PostgreSQL and SQLite, for the contexts' registrations to pick: every read model's tables (one SQL
    /// text for both engines, on the database of the context's grain store), the payments' and reviews' documents
    /// (<c>Payments:Store</c>, <c>Reviews:Store</c> Postgres or Sqlite) and the PostgreSQL search index.
    /// </summary>
    public static IServiceCollection AddSqlStores(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(new ReadModelDatabases(configuration));
        services.AddTables<ICatalogListingStore>(database => new SqlCatalogListingStore(database));
        services.AddTables<IModerationQueueStore>(database => new SqlModerationQueueStore(database));
        services.AddTables<IOrderListStore>(database => new SqlOrderListStore(database));
        services.AddTables<IPurchaseHistoryStore>(database => new SqlPurchaseHistoryStore(database));
        services.AddTables<IShipmentListStore>(database => new SqlShipmentListStore(database));
        services.AddTables<IReturnListStore>(database => new SqlReturnListStore(database));
        services.AddTables<IProductReviewStore>(database => new SqlProductReviewStore(database));
        services.AddTables<IReviewListStore>(database => new SqlReviewListStore(database));
        services.AddTables<IOperatorAuditStore>(database => new SqlOperatorAuditStore(database));
        services.AddTables<IPendingAccountStore>(database => new SqlPendingAccountStore(database));
        services.AddTables<ISellerLedgerStore>(database => new SqlSellerLedgerStore(database));
        services.AddTables<IPayoutListStore>(database => new SqlPayoutListStore(database));
        services.AddTables<IPromoCodeListStore>(database => new SqlPromoCodeListStore(database));
        services.AddTables<IDeadLetterStore>((database, provider) => new SqlDeadLetterStore(database, provider.GetRequiredService<Serializer>()));
        services.AddTables<IStoredAggregateKeys>((database, provider) =>
            new SqlStoredAggregateKeys(database, provider.GetRequiredService<IOptions<ClusterOptions>>()));

        services.AddKeyedSingleton<IPaymentRecordStore>(DocumentStoreKind.Postgres, (provider, _) => new PostgresPaymentRecordStore(
            PostgresPools.DataSource(PostgresPools.ConnectionString(provider.GetRequiredService<IOptions<PaymentsOptions>>().Value.PostgresConnectionString,
                StorageNames.Payments, PaymentsOptions.SectionName, configuration), configuration)));
        services.AddKeyedSingleton<IPaymentRecordStore>(DocumentStoreKind.Sqlite, (_, _) => new SqlitePaymentRecordStore(SqliteDocuments.Of(configuration)));
        services.AddKeyedSingleton<IReviewStore>(DocumentStoreKind.Postgres, (provider, _) => new PostgresReviewStore(
            PostgresPools.DataSource(PostgresPools.ConnectionString(provider.GetRequiredService<IOptions<ReviewsOptions>>().Value.PostgresConnectionString,
                StorageNames.Reviews, ReviewsOptions.SectionName, configuration), configuration)));
        services.AddKeyedSingleton<IReviewStore>(DocumentStoreKind.Sqlite, (_, _) => new SqliteReviewStore(SqliteDocuments.Of(configuration)));

        // Its queries come in a few shapes run thousands of times: the pool prepares each on the server (PostgresPools.Pooled).
        services.AddKeyedSingleton<ISearchIndex>(SearchEngine.Postgres, (provider, _) => new PostgresSearchIndex(PostgresPools.DataSource(
            provider.GetRequiredService<IOptions<SearchOptions>>().Value.PostgresConnectionString(configuration)
            ?? throw new InvalidOperationException("The PostgreSQL search index needs Search:Postgres or Storage:Postgres."), configuration)));
        return services;
    }

    private static void AddTables<TStore>(this IServiceCollection services, Func<ReadModelDatabase, TStore> build) where TStore : class =>
        services.AddTables<TStore>((database, _) => build(database));

    private static void AddTables<TStore>(this IServiceCollection services, Func<ReadModelDatabase, IServiceProvider, TStore> build) where TStore : class =>
        services.AddSingleton(provider => new ReadModelTables<TStore>(store => build(provider.GetRequiredService<ReadModelDatabases>().For(store), provider)));
}
