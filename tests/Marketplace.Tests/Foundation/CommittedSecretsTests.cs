using System.Security.Cryptography;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Foundation;

/// <summary>
/// Real host processes outside Development refuse to start while a secret still has the development value the repository
/// commits (the carrier's webhook secret, the marketplace's key at the carrier, the demo sellers' and the dashboard's
/// passwords), naming each key;
/// with secrets of their own they start.
/// </summary>
public sealed class CommittedSecretsTests
{
    private static readonly Dictionary<string, string> Production = new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    [Fact]
    public async Task A_production_logistics_gateway_refuses_the_committed_webhook_secret()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync("logistics-gateway",
            "src/ApiFrontends/Logistics", "Marketplace.Gateways.Logistics.dll", FreePorts.Next(), Production));

        Assert.Contains("Carrier:WebhookSecret holds the development value committed to the repository", refused.Message);
    }

    [Fact]
    public async Task A_production_silo_refuses_the_committed_carrier_key_and_demo_password()
    {
        var environment = new Dictionary<string, string>(SiloEnvironment()) { ["Catalog__DemoData__Enabled"] = "true" };
        environment.Remove("Logistics__Carrier__ApiKey");
        environment.Remove("Dashboard__Password");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartSilo(environment));

        Assert.Contains("Logistics:Carrier:ApiKey holds the development value committed to the repository", refused.Message);
        Assert.Contains("Catalog:DemoData:Password must be set", refused.Message);
        Assert.Contains("Dashboard:Password holds the development value committed to the repository", refused.Message);
    }

    [Fact]
    public async Task A_production_silo_starts_with_secrets_of_its_own()
    {
        await using var silo = await StartSilo(SiloEnvironment());

        using var http = silo.CreateClient();
        Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    private static Task<ServiceProcess> StartSilo(IReadOnlyDictionary<string, string> environment) =>
        ServiceProcess.StartAsync("silo", "src/Silo", "Marketplace.Silo.dll", FreePorts.Next(), environment);

    private static Dictionary<string, string> SiloEnvironment()
    {
        var siloPort = FreePorts.Next().ToString();
        return new Dictionary<string, string>(Production)
        {
            ["Storage__Profile"] = "Memory",
            ["Cluster__SiloPort"] = siloPort,
            ["Cluster__PrimarySiloPort"] = siloPort,
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(),
            ["Logistics__Carrier__ApiKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            ["Identity__Operator__Password"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
            ["Dashboard__Password"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        };
    }
}
