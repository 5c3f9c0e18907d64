using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.Tests.Identity;

/// <summary>Signing keys named by kid and rotated without logging anyone out; committed secrets refused outside Development.</summary>
[Collection(IdentityDeploymentCollection.Name)]
public sealed class SecretsTests(IdentityDeployment fixture)
{
    private static readonly Dictionary<string, string> Production = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    [Fact]
    public async Task Tokens_name_their_key_and_a_rotation_keeps_earlier_tokens_valid_until_the_old_key_is_dropped()
    {
        var old = fixture.Deployment.SigningKey;
        using var shopper = await fixture.Public.SignUpAsync();
        Assert.Equal(old.Id, new JsonWebToken(shopper.AccessToken).Kid);

        var next = TestSigningKey.Generate();
        await using var rotated = await fixture.Deployment.StartExtraGatewayAsync(Gateway.Public, TestSigningKey.Environment(next, old));
        using var rotatedClient = rotated.CreateClient();

        // The token signed before the rotation still works; new sign-ins are signed with the new key.
        using (var earlier = rotatedClient.WithBearer(shopper.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await earlier.GetAsync("/auth/session")).StatusCode);
        }
        using var signedAfter = await rotatedClient.SignInAsync(shopper.Email, shopper.Password);
        Assert.Equal(next.Id, new JsonWebToken(signedAfter.AccessToken).Kid);
        Assert.Equal(HttpStatusCode.OK, (await signedAfter.Client.GetAsync("/auth/session")).StatusCode);

        // Once the old key is dropped, what it signed is refused.
        await using var retired = await fixture.Deployment.StartExtraGatewayAsync(Gateway.Public, TestSigningKey.Environment(next));
        using var retiredClient = retired.CreateClient();
        using var stale = retiredClient.WithBearer(shopper.AccessToken);
        using var fresh = retiredClient.WithBearer(signedAfter.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/auth/session")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_production_gateway_refuses_to_start_with_the_committed_signing_key()
    {
        var committed = Committed("src/ApiFrontends/Public/appsettings.json", "Jwt", "SigningKeys", "0", "Key");
        var environment = new Dictionary<string, string>(Production) { ["Jwt__SigningKeys__0__Key"] = committed };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Deployment.StartExtraGatewayAsync(Gateway.Public, environment));

        Assert.Contains("Jwt:SigningKeys:0:Key holds the development value committed to the repository", refused.Message);
    }

    [Fact]
    public async Task A_production_gateway_starts_with_a_key_of_its_own()
    {
        await using var gateway = await fixture.Deployment.StartExtraGatewayAsync(Gateway.Public, Production);
        using var client = gateway.CreateClient();

        using var shopper = await client.SignUpAsync();

        Assert.Equal(HttpStatusCode.OK, (await shopper.Client.GetAsync("/auth/session")).StatusCode);
    }

    [Fact]
    public async Task A_production_silo_refuses_to_start_with_the_committed_operator_password()
    {
        var committed = Committed("src/Silo/appsettings.json", "Identity", "Operator", "Password");
        var environment = new Dictionary<string, string>(Production) { ["Identity__Operator__Password"] = committed };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Deployment.StartSiloAsync(environment));

        Assert.Contains("Identity:Operator:Password holds the development value committed to the repository", refused.Message);
    }

    [Theory]
    [InlineData("Carrier__ApiKey", "ApiKey", "Carrier:ApiKey")]
    [InlineData("Carrier__WebhookSecret", "WebhookSecret", "Carrier:WebhookSecret")]
    public async Task A_production_carrier_sandbox_refuses_to_start_with_a_committed_secret(string variable, string setting, string key)
    {
        var environment = new Dictionary<string, string>(Production)
        {
            ["Carrier__ApiKey"] = OwnSecret(),
            ["Carrier__WebhookSecret"] = OwnSecret(),
            [variable] = Committed("src/External/Carrier/appsettings.json", "Carrier", setting),
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartCarrier(environment));

        Assert.Contains($"{key} holds the development value committed to the repository", refused.Message);
    }

    [Fact]
    public async Task A_production_carrier_sandbox_starts_with_secrets_of_its_own()
    {
        var environment = new Dictionary<string, string>(Production) { ["Carrier__ApiKey"] = OwnSecret(), ["Carrier__WebhookSecret"] = OwnSecret() };

        await using var carrier = await StartCarrier(environment);
        using var client = carrier.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    private static Task<ServiceProcess> StartCarrier(Dictionary<string, string> environment) =>
        ServiceProcess.StartAsync("carrier", "src/External/Carrier", "Marketplace.External.Carrier.dll", FreePorts.Next(), environment, readyPath: "/health");

    private static string OwnSecret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>The value a fresh clone runs with, read from the committed appsettings.json.</summary>
    private static string Committed(string file, params string[] path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, file)));
        var element = json.RootElement;
        foreach (var step in path)
        {
            element = int.TryParse(step, out var index) ? element[index] : element.GetProperty(step);
        }
        return element.GetString()!;
    }
}
