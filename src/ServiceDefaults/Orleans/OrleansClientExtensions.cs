using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Marketplace.ServiceDefaults.Orleans;

public static class OrleansClientExtensions
{
    /// <summary>
    /// Makes this host an Orleans client of the marketplace cluster, found the same way the silos find
    /// each other: the ADO.NET membership table, or the localhost gateways in the in-memory profile.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceOrleansClient(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MarketplaceClusterOptions.SectionName).Get<MarketplaceClusterOptions>()
                      ?? new MarketplaceClusterOptions();

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            switch (options.Mode)
            {
                case ClusteringMode.AdoNet:
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = MarketplaceClusterOptions.AdoNetInvariant;
                        o.ConnectionString = options.ConnectionString
                            ?? throw new InvalidOperationException("Cluster:ConnectionString is required when Cluster:Mode is AdoNet.");
                    });
                    break;
                default:
                    client.UseStaticClustering(options.GatewayPorts
                        .Select(port => new IPEndPoint(IPAddress.Loopback, port))
                        .ToArray());
                    break;
            }
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            if (options.Tls.Enabled)
            {
                client.UseTls(tls => ClusterTls.Configure(tls, options.Tls));
            }
            // A request's trace continues into the grains it calls (see TelemetryExtensions).
            client.AddActivityPropagation();
        });
        // The problem-details handler reads RetryAfter when it answers a 503.
        builder.Services.AddOptions<MarketplaceClusterOptions>().BindConfiguration(MarketplaceClusterOptions.SectionName).ValidateOnStart();

        builder.Services.AddHealthChecks()
            .AddCheck<ClusterReachableHealthCheck>("orleans-cluster", tags: [HealthTags.Ready], timeout: HealthTags.ReadyTimeout);
        return builder;
    }
}
