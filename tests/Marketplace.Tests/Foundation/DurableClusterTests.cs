using System.Text.Json;
using Marketplace.Operations;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Infrastructure;
using Orleans.Runtime;

namespace Marketplace.Tests.Foundation;

/// <summary>Silo processes on the real PostgreSQL and Redis: state outlives every silo, and a dead silo's grains move.</summary>
public sealed class DurableClusterTests
{
    [Fact]
    public async Task Grain_state_in_every_store_survives_killing_and_restarting_every_silo()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 2);
        var client = await deployment.ConnectClientAsync();
        var expected = new Dictionary<string, string>();
        foreach (var store in StoreCatalog.Backends.Keys)
        {
            var key = $"{store}/restart";
            expected[key] = $"{store}-{Guid.NewGuid()}";
            await client.GetGrain<IStorageProbeGrain>(key).Write(expected[key]);
        }

        // Killed, not stopped: nothing gets a chance to flush, so only what the stores hold survives.
        await Task.WhenAll(deployment.Silos.Select(s => s.KillAsync()));
        await deployment.StartSiloAsync();
        await deployment.StartSiloAsync();

        var reader = await deployment.ConnectClientAsync();
        foreach (var (key, value) in expected)
        {
            var record = await Eventually.Until(() => reader.GetGrain<IStorageProbeGrain>(key).Read(), r => r is not null,
                TimeSpan.FromSeconds(30), $"{key} to be readable after the restart");
            Assert.Equal(value, record!.Value);
        }
    }

    [Fact]
    public async Task Grains_of_a_killed_silo_reactivate_on_the_survivor_with_their_state()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 2);
        var client = await deployment.ConnectClientAsync();
        await Eventually.Until(async () => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2,
            TimeSpan.FromSeconds(30), "both silos to be active in the membership");
        // Operators see the same cluster: the dashboard of either silo counts both as active.
        using var dashboard = deployment.CreateDashboardClient(deployment.Silos[1]);
        await Eventually.Until(async () => ActiveHosts(await dashboard.GetStringAsync("/dashboard/DashboardCounters")) == 2,
            TimeSpan.FromSeconds(30), "the dashboard to show both silos active");

        // Placement is the cluster's choice: keep activating new grains until both silos hold some.
        var placement = new Dictionary<string, string>();
        await Eventually.Until(async () =>
        {
            var key = $"orders/failover-{placement.Count}";
            await client.GetGrain<IStorageProbeGrain>(key).Write(key);
            placement[key] = await client.GetGrain<IStorageProbeGrain>(key).Silo();
            return placement.Count >= 20 && placement.Values.Distinct().Count() == 2;
        }, TimeSpan.FromSeconds(30), "grains to be placed on both silos");
        var keys = placement.Keys.ToList();

        await deployment.Silos[0].KillAsync();

        var after = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            var grain = client.GetGrain<IStorageProbeGrain>(key);
            after[key] = await Eventually.Until(grain.Silo, _ => true, TimeSpan.FromSeconds(60), $"{key} to answer after the kill");
            Assert.Equal(key, (await grain.Read())!.Value);
        }
        var survivor = Assert.Single(after.Values.Distinct());
        Assert.Contains(keys, key => placement[key] != survivor);
    }

    private static int ActiveHosts(string counters)
    {
        using var json = JsonDocument.Parse(counters);
        return json.RootElement.EnumerateObject().Single(p => p.Name.Equals("totalActiveHostCount", StringComparison.OrdinalIgnoreCase)).Value.GetInt32();
    }
}
