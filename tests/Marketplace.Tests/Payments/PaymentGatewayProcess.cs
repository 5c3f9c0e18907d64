using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Payments;

/// <summary>The external card processor (Marketplace.External.PaymentGateway) as a real process on a free loopback port.</summary>
public sealed class PaymentGatewayProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private PaymentGatewayProcess(ServiceProcess process)
    {
        _process = process;
        Http = process.CreateClient();
    }

    public Uri BaseAddress => _process.BaseAddress;

    public HttpClient Http { get; }

    public static async Task<PaymentGatewayProcess> StartAsync() =>
        new(await ServiceProcess.StartAsync("payment-gateway", "src/External/PaymentGateway", "Marketplace.External.PaymentGateway.dll",
            FreePorts.Next(), new Dictionary<string, string>(), readyPath: "/health"));

    /// <summary>
    /// Switches the processor to Normal, Outage or Slow; <paramref name="failNext"/> breaks exactly the next N calls and
    /// <paramref name="refuseRefunds"/> refuses the next N refunds.
    /// </summary>
    public async Task SetMode(string mode, int delayMs = 0, int failNext = 0, int refuseRefunds = 0)
    {
        using var response = await Http.PutAsJsonAsync("/admin/mode", new { mode, delayMs, failNext, refuseRefunds });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every authorisation the processor holds for a reference (the marketplace sends its payment id).</summary>
    public async Task<IReadOnlyList<JsonElement>> Authorizations(string reference) =>
        await Http.GetFromJsonAsync<List<JsonElement>>($"/v1/authorizations?reference={Uri.EscapeDataString(reference)}") ?? [];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
