using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Operations;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Infrastructure;
using Npgsql;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>Every PostgreSQL pool of a silo stays within Storage:PostgresMaxPoolSize, however many grains write at once.</summary>
public sealed class PostgresPoolTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int MaxPoolSize = 3;

    [Fact]
    public void A_connection_string_gets_the_cap_unless_it_names_a_pool_size_of_its_own()
    {
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(PostgresPools.Pooled("Host=db;Database=m", 7)).MaxPoolSize);
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(PostgresPools.Pooled("Host=db;Database=m;Maximum Pool Size=50", 7)).MaxPoolSize);
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(PostgresPools.Pooled("Host=db;Database=m;MaxPoolSize=50", 7)).MaxPoolSize);
    }

    [Fact]
    public void A_pooled_connection_keeps_its_session_and_prepares_what_runs_often_unless_the_connection_string_says_otherwise()
    {
        var pooled = new NpgsqlConnectionStringBuilder(PostgresPools.Pooled("Host=db;Database=m", 7));
        Assert.True(pooled.NoResetOnClose);
        Assert.Equal(PostgresPools.DefaultMaxAutoPrepare, pooled.MaxAutoPrepare);

        var own = new NpgsqlConnectionStringBuilder(PostgresPools.Pooled("Host=db;Database=m;No Reset On Close=false;Max Auto Prepare=0", 7));
        Assert.False(own.NoResetOnClose);
        Assert.Equal(0, own.MaxAutoPrepare);
    }

    [Fact]
    public async Task A_burst_of_grain_writes_opens_no_more_connections_than_the_pools_allow()
    {
        await using var cluster = await MarketplaceTestCluster.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Profile"] = "Durable",
            ["Storage:Postgres"] = database.ConnectionString,
            ["Storage:Redis"] = TestStores.Redis,
            [PostgresPools.MaxPoolSizeSetting] = MaxPoolSize.ToString(),
        });
        var postgresStores = StoreCatalog.Backends.Where(b => b.Value == StoreBackend.Postgres).Select(b => b.Key).ToList();
        var burst = Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            cluster.Client.GetGrain<IStorageProbeGrain>($"{postgresStores[i % postgresStores.Count]}/burst-{i}").Write($"write {i}")));

        var most = 0;
        await using var monitor = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        while (!burst.IsCompleted)
        {
            await using var count = monitor.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            most = Math.Max(most, Convert.ToInt32(await count.ExecuteScalarAsync()));
        }
        await burst;

        // The burst writes through the grain stores' one pool; search, payments and reviews have a pool each, idle here.
        Assert.True(most <= 4 * MaxPoolSize, $"{most} connections were open at once, more than 4 pools of {MaxPoolSize}");
        Assert.True(most > 0, "the monitor never saw the burst's connections");
    }
}
