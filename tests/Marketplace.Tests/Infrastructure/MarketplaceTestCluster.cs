using Marketplace.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Starts an in-process Orleans cluster of the marketplace's grains, configured from settings the way a silo process
/// is (memory storage and streams unless the settings choose otherwise), with in-memory reminders. Fixtures pass the
/// settings their tests need and may replace services, such as an external client, with fakes they steer. A cluster
/// started again with the same <c>serviceId</c> and stores reads what the first one stored.
/// </summary>
public static class MarketplaceTestCluster
{
    public static async Task<InProcessTestCluster> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, short silos = 1,
        Action<IServiceCollection>? replaceServices = null, string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId ?? builder.Options.ServiceId;
        // Into the silo host's own configuration, as a silo process has them: options bind from there.
        builder.ConfigureSiloHost((_, host) => host.Configuration
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Profile"] = "Memory" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMarketplaceGrains(silo.Configuration);
            silo.UseInMemoryReminderService();
            replaceServices?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
