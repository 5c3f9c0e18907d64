using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Identity;

/// <summary>
/// What identity keeps in PostgreSQL survives a silo restart: the operators' audit trail of every gateway, and the
/// addresses an account signed in from, which the account-wide sign-in limit spares. A deployment of its own, because
/// the account-wide limit is set low and the silo is replaced mid-test.
/// </summary>
public sealed class IdentityRecordsTests : IAsyncLifetime
{
    private MarketplaceDeployment _deployment = null!;
    private IClusterClient _grains = null!;

    private sealed record AuditEntry(Guid Id, DateTimeOffset At, Guid OperatorId, string Gateway, string Action, string Path, Guid? TargetId,
        int Status, string ClientAddress, string? Detail);

    private sealed record Page<T>(List<T> Items, int Total, string? Next);

    private sealed record Account(Guid UserId);

    public async Task InitializeAsync()
    {
        _deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Public, Gateway.Seller, Gateway.Logistics],
            environment: new Dictionary<string, string>
            {
                // The test process stands in for a proxy on loopback, so a test picks the client address.
                ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
                ["Identity__Throttling__MaxFailuresPerAccount"] = "3",
            });
        _grains = await _deployment.ConnectClientAsync();
    }

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task Every_operator_action_on_both_operator_gateways_is_in_the_audit_trail_after_a_restart()
    {
        var address = ClientAddresses.Fresh();
        using var seller = _deployment.CreateClient(Gateway.Seller);
        using var logistics = _deployment.CreateClient(Gateway.Logistics);
        using var onSeller = await seller.SignInAsOperatorAsync();
        using var onLogistics = await logistics.SignInAsOperatorAsync();
        onSeller.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        onLogistics.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var sellerId = await _grains.ActiveSeller("Audited shop");
        using var shopper = await _deployment.CreateClient(Gateway.Public).SignUpAsync();
        using var registered = await logistics.PostAsJsonAsync("/auth/register",
            new { email = $"courier-{Guid.NewGuid():N}@test.local", password = AuthenticatedClients.DefaultPassword, displayName = "Courier" });
        var courier = (await registered.Content.ReadFromJsonAsync<Account>())!;
        var readModel = (await onSeller.Client.GetFromJsonAsync<List<string>>("/operator/read-models"))![0];
        var unknownProduct = Guid.NewGuid();

        await Expect(HttpStatusCode.OK, onSeller.Client.PutAsJsonAsync($"/operator/sellers/{sellerId}/status", new { status = "Suspended", reason = "fake papers" }));
        await Expect(HttpStatusCode.OK, onSeller.Client.PutAsJsonAsync($"/operator/sellers/{sellerId}/status", new { status = "Active" }));
        await Expect(HttpStatusCode.NotFound, onSeller.Client.PostAsJsonAsync($"/operator/products/{unknownProduct}/block", new { reason = "counterfeit" }));
        await Expect(HttpStatusCode.Accepted, onSeller.Client.PostAsync($"/operator/read-models/{readModel}/check", null));
        await Expect(HttpStatusCode.OK, onSeller.Client.PostAsync("/operator/dead-letters/replay", null));
        await Expect(HttpStatusCode.OK, onLogistics.Client.PutAsJsonAsync($"/operator/users/{courier.UserId}/status", new { status = "Active" }));
        await Expect(HttpStatusCode.OK, onLogistics.Client.PutAsJsonAsync($"/operator/users/{shopper.UserId}/status", new { status = "Disabled", reason = "chargebacks" }));
        await Expect(HttpStatusCode.Accepted, onLogistics.Client.PostAsync($"/operator/users/{shopper.UserId}/password-reset", null));

        await ReplaceTheSilo();

        var audit = await Eventually.Until(() => onLogistics.Client.GetFromJsonAsync<Page<AuditEntry>>($"/operator/audit?operatorId={onSeller.UserId}&pageSize=100"),
            page => page?.Items.Count >= 8, TimeSpan.FromSeconds(60), "the audit trail to be served by the new silo");
        var entries = audit!.Items;
        Assert.All(entries, e => Assert.Equal(address, e.ClientAddress));
        AssertEntry(entries, "seller", "PUT /operator/sellers/{sellerId}/status", sellerId, 200, "fake papers");
        AssertEntry(entries, "seller", "POST /operator/products/{productId}/block", unknownProduct, 404, "counterfeit");
        AssertEntry(entries, "seller", "POST /operator/read-models/{readModel}/check", null, 202, null);
        AssertEntry(entries, "seller", "POST /operator/dead-letters/replay", null, 200, null);
        AssertEntry(entries, "logistics", "PUT /operator/users/{userId}/status", courier.UserId, 200, "Active");
        AssertEntry(entries, "logistics", "PUT /operator/users/{userId}/status", shopper.UserId, 200, "chargebacks");
        AssertEntry(entries, "logistics", "POST /operator/users/{userId}/password-reset", shopper.UserId, 202, null);
        Assert.Equal(2, entries.Count(e => e.Action == "PUT /operator/sellers/{sellerId}/status"));
        Assert.Equal(entries.OrderByDescending(e => e.At).Select(e => e.Id), entries.Select(e => e.Id));

        // By target, and page by page along the keyset cursor: the same entries, once each.
        var onShopper = await Read<Page<AuditEntry>>(onLogistics.Client, $"/operator/audit?targetId={shopper.UserId}");
        Assert.Equal(2, onShopper.Total);
        Assert.All(onShopper.Items, e => Assert.Equal(shopper.UserId, e.TargetId));
        var walked = new List<AuditEntry>();
        string? after = null;
        do
        {
            var page = await Read<Page<AuditEntry>>(onSeller.Client, $"/operator/audit?operatorId={onSeller.UserId}&pageSize=3{(after is null ? "" : $"&after={after}")}");
            walked.AddRange(page.Items);
            after = page.Next;
        } while (after is not null);
        Assert.Equal(entries.Select(e => e.Id), walked.Select(e => e.Id));
    }

    [Fact]
    public async Task The_owners_own_address_stays_exempt_from_the_account_wide_limit_after_a_restart()
    {
        using var gateway = _deployment.CreateClient(Gateway.Public);
        using var owner = await gateway.SignUpAsync();
        var home = ClientAddresses.Fresh();
        await Expect(HttpStatusCode.OK, gateway.PostFrom(home, "/auth/login", new { email = owner.Email, password = owner.Password }));

        await ReplaceTheSilo();

        // Guessing spread over three addresses trips the account-wide limit (3 here)...
        await Eventually.Until(async () =>
        {
            using var guess = await gateway.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = "a-wrong-guess" });
            return guess.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(60), "the new silo to answer sign-ins");
        for (var guesser = 0; guesser < 2; guesser++)
        {
            await ExpectOnceServed(HttpStatusCode.Unauthorized, () => gateway.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = "a-wrong-guess" }));
        }

        // ...so a new address waits even with the right password, while the owner's address, remembered across the restart, does not.
        await ExpectOnceServed(HttpStatusCode.TooManyRequests, () => gateway.PostFrom(ClientAddresses.Fresh(), "/auth/login", new { email = owner.Email, password = owner.Password }));
        await ExpectOnceServed(HttpStatusCode.OK, () => gateway.PostFrom(home, "/auth/login", new { email = owner.Email, password = owner.Password }));
    }

    /// <summary>Starts a new silo and stops the old one, so every grain reactivates from storage.</summary>
    private async Task ReplaceTheSilo()
    {
        var old = _deployment.Silos[^1];
        await _deployment.StartSiloAsync();
        await old.StopAsync();
    }

    private static void AssertEntry(List<AuditEntry> entries, string gateway, string action, Guid? target, int status, string? inDetail) =>
        Assert.Contains(entries, e => e.Gateway == gateway && e.Action == action && e.TargetId == target && e.Status == status
                                      && (inDetail is null || e.Detail?.Contains(inDetail, StringComparison.Ordinal) == true));

    /// <summary>
    /// The answer once the cluster serves the request: until the stopped silo has left the membership, a gateway may
    /// still route a call to it and answer 503 (with Retry-After, by design), having done nothing.
    /// </summary>
    private static async Task ExpectOnceServed(HttpStatusCode expected, Func<Task<HttpResponseMessage>> request)
    {
        var response = await Eventually.Until(request, r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60),
            "the cluster to serve the request after the restart");
        await Expect(expected, Task.FromResult(response));
    }

    private static async Task<T> Read<T>(HttpClient client, string path)
    {
        using var response = await Eventually.Until(() => client.GetAsync(path), r => r.StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(60), "the cluster to serve the read after the restart");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task Expect(HttpStatusCode expected, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
