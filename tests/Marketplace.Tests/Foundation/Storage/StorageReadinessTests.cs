using Marketplace.Operations;
using Marketplace.Silo.Health;
using Marketplace.Silo.Storage;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Tests.Foundation.Storage;

public sealed class StorageReadinessTests
{
    [Fact]
    public async Task Each_silo_checks_the_stores_through_its_own_providers()
    {
        await using var cluster = await MarketplaceTestCluster.StartAsync(silos: 2);

        foreach (var silo in cluster.Silos)
        {
            var services = silo.ServiceProvider;
            var local = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var check = new GrainStorageHealthCheck(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<ILocalSiloDetails>(),
                services.GetRequiredService<TimeProvider>());

            var result = await check.CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Healthy, result.Status);
            foreach (var store in StoreCatalog.Backends.Keys)
            {
                var probe = await cluster.Client.GetGrain<IStorageProbeGrain>(GrainStorageHealthCheck.ProbeKey(store, local)).Read();
                Assert.Equal(local.ToString(), probe!.SiloAddress);
            }
        }
    }
}
