using System.Net;
using Marketplace.Common;
using Marketplace.Grains.Cart;
using Marketplace.Grains.Catalog;
using Marketplace.Grains.Common;
using Marketplace.Grains.Analytics;
using Marketplace.Grains.Identity;
using Marketplace.Grains.Integration;
using Marketplace.Grains.Logistics;
using Marketplace.Grains.Media;
using Marketplace.Grains.Ordering;
using Marketplace.Grains.Payments;
using Marketplace.Grains.Payouts;
using Marketplace.Grains.Promotions;
using Marketplace.Grains.Recommendations;
using Marketplace.Grains.Returns;
using Marketplace.Grains.Reviews;
using Marketplace.Grains.Search;
using Marketplace.Persistence;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Orleans;
using Marketplace.Silo.Health;
using Marketplace.Silo.Storage;
using Marketplace.Silo.Streaming;
using Marketplace.Stores.ClickHouse;
using Marketplace.Stores.Elasticsearch;
using Marketplace.Stores.Mongo;
using Marketplace.Stores.S3;
using Marketplace.Stores.Sql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Makes this host a silo of the marketplace cluster: clustering and reminders on PostgreSQL (or localhost
    /// clustering with reminders in SQLite or in memory), one grain storage per store, the event stream provider and the dashboard.
    /// </summary>
    public static WebApplicationBuilder AddMarketplaceSilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(MarketplaceClusterOptions.SectionName).Get<MarketplaceClusterOptions>() ?? new();
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        builder.Services.AddSingleton(storage);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(cluster.AdvertisedIpAddress(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
            silo.UseMarketplaceClustering(cluster, storage);
            if (cluster.Tls.Enabled)
            {
                silo.UseTls(tls => ClusterTls.Configure(tls, cluster.Tls));
            }
            // Grain calls carry the caller's trace on to the grains and HTTP calls they make.
            silo.AddActivityPropagation();
            // Failure detection is tunable per deployment (tests shorten it to seconds).
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration($"{MarketplaceClusterOptions.SectionName}:Membership").ValidateOnStart();
            silo.AddMarketplaceGrains(builder.Configuration);
            silo.AddDashboard();
        });

        builder.AddMarketplaceStoreHealthChecks(cluster, storage);
        builder.Services.AddSingleton<DatabaseMigrator>();
        return builder;
    }

    private static void UseMarketplaceClustering(this ISiloBuilder silo, MarketplaceClusterOptions cluster, StorageOptions storage)
    {
        RelationalDatabase? reminders;
        if (cluster.Mode == ClusteringMode.AdoNet)
        {
            if (storage.Profile == StorageProfile.Sqlite)
            {
                throw new InvalidOperationException("Storage:Profile Sqlite is for one machine: its database cannot be shared by a cluster, so Cluster:Mode must be Localhost.");
            }
            var database = storage.Postgres(cluster.ConnectionString
                ?? throw new InvalidOperationException("Cluster:ConnectionString is required when Cluster:Mode is AdoNet."));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = MarketplaceClusterOptions.AdoNetInvariant;
                o.ConnectionString = database.ConnectionString;
            });
            reminders = database;
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort,
                new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort), cluster.ServiceId, cluster.ClusterId);
            reminders = storage.Profile == StorageProfile.Sqlite ? storage.SqliteDatabase() : null;
        }

        if (reminders is null)
        {
            silo.UseInMemoryReminderService();
            return;
        }
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = reminders.AdoNetInvariant();
            o.ConnectionString = reminders.ConnectionString;
        });
    }

    /// <summary>
    /// Everything the marketplace's grains need in any silo, whatever hosts it (the silo process or a TestingHost
    /// cluster): one grain storage per store, the event stream provider, each bounded context's services and the store
    /// adapters they pick from.
    /// </summary>
    public static ISiloBuilder AddMarketplaceGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        silo.AddMarketplaceGrainStorage(storage);
        silo.AddMarketplaceEventStreams(configuration);
        silo.Services.AddAggregateOutbox(configuration);
        silo.Services.AddIntegratorTopics(configuration);
        silo.Services.AddAnalytics(configuration);
        silo.Services.AddLogistics(configuration);
        silo.Services.AddAccounts(configuration);
        silo.Services.AddSearch(configuration);
        silo.Services.AddPayments(configuration);
        silo.Services.AddOrdering(configuration);
        silo.Services.AddPayouts(configuration);
        silo.Services.AddReturns(configuration);
        silo.Services.AddPromotions(configuration);
        silo.Services.AddCatalog(configuration);
        silo.Services.AddReviews(configuration);
        silo.Services.AddCart(configuration);
        silo.Services.AddMedia(configuration);
        silo.Services.AddRecommendations(configuration);
        // The store adapters the contexts above pick from by their options (src/Stores).
        silo.Services.AddSqlStores(configuration);
        silo.Services.AddMongoStores();
        silo.Services.AddElasticsearchSearch();
        silo.Services.AddS3Media();
        silo.Services.AddClickHouseAnalytics();
        return silo;
    }

    private static void AddMarketplaceStoreHealthChecks(this WebApplicationBuilder builder, MarketplaceClusterOptions cluster, StorageOptions storage)
    {
        var checks = builder.Services.AddHealthChecks();
        var index = 0;
        foreach (var database in MarketplaceDatabases(cluster, storage))
        {
            var (name, check) = database.Engine == DatabaseEngine.Postgres
                ? ($"postgres-{index++}", (IHealthCheck)new PostgresHealthCheck(database.ConnectionString))
                : ("sqlite", new SqliteHealthCheck(database.ConnectionString));
            checks.AddCheck(name, check, tags: [HealthTags.Ready], timeout: HealthTags.ReadyTimeout);
        }
        index = 0;
        var redis = storage.Profile == StorageProfile.Durable
            ? StoreCatalog.Backends.Where(b => b.Value == StoreBackend.Redis).Select(b => storage.ConnectionString(b.Key)).Distinct(StringComparer.Ordinal)
            : [];
        foreach (var connectionString in redis)
        {
            checks.AddCheck($"redis-{index++}", new RedisHealthCheck(connectionString), tags: [HealthTags.Ready], timeout: HealthTags.ReadyTimeout);
        }
        checks.AddCheck<GrainStorageHealthCheck>("grain-storage", tags: [HealthTags.Ready], timeout: HealthTags.ReadyTimeout);
    }

    /// <summary>Every relational database the silo uses: the cluster's (membership and reminders) and the stores'.</summary>
    private static IEnumerable<RelationalDatabase> MarketplaceDatabases(MarketplaceClusterOptions cluster, StorageOptions storage)
    {
        var databases = new List<RelationalDatabase>();
        if (cluster.Mode == ClusteringMode.AdoNet && cluster.ConnectionString is { } clusterDb)
        {
            databases.Add(storage.Postgres(clusterDb));
        }
        databases.AddRange(storage.AdoNetDatabases());
        return databases.Distinct();
    }

    /// <summary>Applies the SQL migrations to every database the silo uses, before the silo starts.</summary>
    public static async Task MigrateMarketplaceDatabasesAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var cluster = app.Configuration.GetSection(MarketplaceClusterOptions.SectionName).Get<MarketplaceClusterOptions>() ?? new();
        var storage = app.Services.GetRequiredService<StorageOptions>();
        if (storage.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(MarketplaceDatabases(cluster, storage), cancellationToken);
        }
    }
}
