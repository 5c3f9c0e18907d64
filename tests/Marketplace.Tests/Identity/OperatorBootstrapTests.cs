using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>The configured operator password is the operator's password: changing it in configuration changes it in the cluster.</summary>
public sealed class OperatorBootstrapTests
{
    [Fact]
    public async Task A_changed_configured_password_replaces_the_old_one_and_ends_its_sessions()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Seller]);
        using var gateway = deployment.CreateClient(Gateway.Seller);
        using var before = await gateway.SignInAsOperatorAsync();

        // A new silo comes up with the changed secret, as after editing the install's secrets and restarting.
        var changed = $"changed-operator-{Guid.NewGuid():N}";
        await deployment.StartSiloAsync(new Dictionary<string, string> { ["Identity__Operator__Password"] = changed });

        using var withOld = await gateway.PostAsJsonAsync("/auth/login",
            new { email = AuthenticatedClients.OperatorEmail, password = AuthenticatedClients.OperatorPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.Client.GetAsync("/auth/session")).StatusCode);
        using var withNew = await gateway.SignInAsync(AuthenticatedClients.OperatorEmail, changed);
        Assert.Equal("operator", withNew.Role);

        // Another start with the same secret changes nothing: the new session lives on.
        await deployment.StartSiloAsync(new Dictionary<string, string> { ["Identity__Operator__Password"] = changed });
        Assert.Equal(HttpStatusCode.OK, (await withNew.Client.GetAsync("/auth/session")).StatusCode);
    }
}
