using System.Net;
using Marketplace.ServiceDefaults.Orleans;
using Marketplace.Tests.Infrastructure;
using Orleans.Runtime;

namespace Marketplace.Tests.Foundation;

/// <summary>
/// Silo processes and a gateway with Cluster:Tls on: silos join each other and serve the gateway and a TLS client over
/// mutual TLS, while a client without TLS, or with a certificate from another CA, is refused.
/// </summary>
public sealed class ClusterTlsTests
{
    [Fact]
    public async Task A_tls_cluster_serves_clients_of_its_ca_and_refuses_plain_and_foreign_ones()
    {
        using var authority = TestCertificateAuthority.Create("marketplace-test-cluster");
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 2, gateways: [Gateway.Public],
            environment: authority.ClusterEnvironment("member"));

        // Silos learn each other alive only by probing over their (TLS) silo ports; both active means silo-to-silo works.
        var member = await deployment.ConnectClientAsync(client => client.UseTls(tls => ClusterTls.Configure(tls, authority.Issue("test-client"))));
        await Eventually.Until(async () => (await member.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2,
            TimeSpan.FromSeconds(30), "both TLS silos to be active in the membership");
        using var shopper = await deployment.CreateClient(Gateway.Public).SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.GetAsync("/auth/session")).StatusCode);

        await Assert.ThrowsAnyAsync<Exception>(() => deployment.ConnectClientAsync(TryOnce));

        using var stranger = TestCertificateAuthority.Create("stranger");
        await Assert.ThrowsAnyAsync<Exception>(() => deployment.ConnectClientAsync(client =>
        {
            TryOnce(client);
            client.UseTls(tls => ClusterTls.Configure(tls, stranger.Issue("intruder")));
        }));
    }

    /// <summary>
    /// A refused client gives up at once: Orleans' default start retries 15 times with a linearly growing delay
    /// (three minutes in all), which would only make this test slow, not more telling.
    /// </summary>
    private static void TryOnce(IClientBuilder client) => client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
}
