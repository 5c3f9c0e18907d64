using Marketplace.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
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
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Profile"] = "Memory" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        // The silo host's configuration holds exactly these settings, as a silo process has its own (options bind from
        // there): not the silo's appsettings.json the build copies next to the tests, nor this process's environment.
        builder.ConfigureSiloHost((_, host) =>
        {
            foreach (var source in host.Configuration.Sources.Where(s => s is FileConfigurationSource or EnvironmentVariablesConfigurationSource).ToList())
            {
                host.Configuration.Sources.Remove(source);
            }
            host.Configuration.AddConfiguration(configuration);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMarketplaceGrains(configuration);
            silo.UseInMemoryReminderService();
            replaceServices?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
