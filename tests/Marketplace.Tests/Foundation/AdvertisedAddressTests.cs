using System.Net.Sockets;
using Marketplace.Tests.Infrastructure;
using Npgsql;

namespace Marketplace.Tests.Foundation;

/// <summary>
/// A silo on a host of its own advertises that host's address, not loopback: it writes the configured address to the
/// membership table, listens there and only there, and a gateway that finds it through the table reaches it.
/// (127.0.0.0/8 is all this machine's, so a second loopback address stands in for another host's.)
/// </summary>
public sealed class AdvertisedAddressTests
{
    private const string HostAddress = "127.0.0.3";

    [Fact]
    public async Task A_silo_advertises_and_listens_on_its_configured_address_and_a_gateway_reaches_it_there()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public],
            environment: new Dictionary<string, string> { ["Cluster__AdvertisedAddress"] = HostAddress });

        var (address, siloPort, gatewayPort) = await ActiveSilo(deployment);
        Assert.Equal(HostAddress, address);
        Assert.True(await Accepts(HostAddress, siloPort) && await Accepts(HostAddress, gatewayPort), "the silo listens on its advertised address");
        Assert.False(await Accepts("127.0.0.1", siloPort), "the silo listens only on its advertised address");

        using var gateway = deployment.CreateClient(Gateway.Public);
        using var ready = await gateway.GetAsync("/health/ready");
        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        using var categories = await gateway.GetAsync("/categories");
        Assert.True(categories.IsSuccessStatusCode, "a grain call through the gateway reaches the silo at its advertised address");
    }

    private static async Task<(string Address, int SiloPort, int GatewayPort)> ActiveSilo(MarketplaceDeployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.Database);
        await connection.OpenAsync();
        // Status 3 is SiloStatus.Active.
        await using var query = new NpgsqlCommand("SELECT address, port, proxyport FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3", connection);
        query.Parameters.AddWithValue("cluster", deployment.ClusterId);
        await using var row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), "an active silo in the membership table");
        var silo = (row.GetString(0), row.GetInt32(1), row.GetInt32(2));
        Assert.False(await row.ReadAsync(), "exactly one active silo");
        return silo;
    }

    private static async Task<bool> Accepts(string address, int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
