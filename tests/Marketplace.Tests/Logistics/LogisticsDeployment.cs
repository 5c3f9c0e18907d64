using System.Net.Http.Json;
using Marketplace.Logistics;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Payments;

namespace Marketplace.Tests.Logistics;

/// <summary>
/// The marketplace on PostgreSQL and Redis with the three gateways, the card processor and the carrier sandbox as real
/// processes, wired as deploy/local wires them: the silo calls the carrier, the carrier calls the logistics gateway's webhook. The update
/// deadline is seconds, so the overdue reminder fires within a test.
/// </summary>
public class LogisticsDeployment : IAsyncLifetime
{
    public const string WebhookSecret = "test-webhook-secret-0123456789";
    public static readonly TimeSpan UpdateDeadline = TimeSpan.FromSeconds(6);

    public MarketplaceDeployment Deployment { get; private set; } = null!;
    public ServiceProcess Carrier { get; private set; } = null!;
    public PaymentGatewayProcess Processor { get; private set; } = null!;
    public IClusterClient Cluster { get; private set; } = null!;

    /// <summary>Settings a derived fixture gives every silo and gateway on top of the logistics ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreEnvironment => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        var carrierPort = FreePorts.Next();
        Processor = await PaymentGatewayProcess.StartAsync();
        Deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics],
            environment: new Dictionary<string, string>(MoreEnvironment)
            {
                ["Logistics__Carrier__BaseUrl"] = $"http://127.0.0.1:{carrierPort}",
                ["Logistics__Carrier__BreakDuration"] = "00:00:02",
                ["Logistics__UpdateDeadline"] = UpdateDeadline.ToString(),
                ["Outbox__FirstRetryDelay"] = "00:00:01",
                ["Outbox__MaxRetryDelay"] = "00:00:01",
                ["Carrier__WebhookSecret"] = WebhookSecret,
                ["Payments__GatewayUrl"] = Processor.BaseAddress.ToString(),
            });
        Carrier = await ServiceProcess.StartAsync("carrier", "src/External/Carrier", "Marketplace.External.Carrier.dll", carrierPort,
            new Dictionary<string, string>
            {
                ["Carrier__WebhookUrl"] = new Uri(Deployment[Gateway.Logistics].BaseAddress, "/carrier/webhook").ToString(),
                ["Carrier__WebhookSecret"] = WebhookSecret,
            },
            readyPath: "/health");
        Cluster = await Deployment.ConnectClientAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Carrier is not null)
        {
            await Carrier.DisposeAsync();
        }
        await Deployment.DisposeAsync();
        await Processor.DisposeAsync();
    }

    /// <summary>Switches the sandbox's behaviour for the parcels registered from now on.</summary>
    public async Task SetCarrierMode(object mode)
    {
        using var http = Carrier.CreateClient();
        using var response = await http.PutAsJsonAsync("/admin/mode", mode);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Opens a shipment the way checkout does when a seller's sub-order is paid.</summary>
    public Task<ShipmentView> CreateShipment(CreateShipment command) =>
        Cluster.GetGrain<IShipmentGrain>(command.ShipmentId).Create(command);
}

[CollectionDefinition(Name)]
public sealed class LogisticsDeploymentCollection : ICollectionFixture<LogisticsDeployment>
{
    public const string Name = "logistics deployment";
}
