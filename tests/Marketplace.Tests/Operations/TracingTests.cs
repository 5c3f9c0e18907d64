using System.Diagnostics;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Marketplace.Tests.Operations;

/// <summary>
/// Distributed tracing across real processes: a request that arrives with a W3C traceparent (as from the edge or a
/// client) becomes one trace, from the gateway's server span through the Orleans client and the grain calls in the
/// silo to the silo's HTTP calls to the card processor and the carrier, each host exporting its spans over OTLP.
/// </summary>
[Collection(ObservedDeploymentCollection.Name)]
public sealed class TracingTests(ObservedDeployment fixture, ITestOutputHelper output)
{
    private const string Silo = "Marketplace.Silo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_checkout_is_one_trace_from_the_gateway_through_the_grains_to_the_processor()
    {
        var (seller, productId) = await CheckoutDriver.ListKettle(fixture, "TRACE-1", stock: 5);
        using var _ = seller;
        using var shopper = await fixture.Deployment.CreateClient(Gateway.Public).SignUpAsync("Traced shopper");
        var (traceparent, traceId, callerSpanId) = NewTraceparent();

        var order = await CheckoutDriver.Checkout(shopper.Client, productId, "TRACE-1", "pm_card_visa", traceparent);
        Assert.Equal("Paid", order.GetProperty("status").GetString());

        var processorPort = fixture.Processor.BaseAddress.Port.ToString();
        var trace = await WholeTrace(traceId, "Marketplace.Gateways.Public", span => span.Kind == ReceivedSpan.Client && span.Attributes.GetValueOrDefault("server.port") == processorPort);
        var root = Assert.Single(trace, s => s.ParentSpanId == callerSpanId);
        Assert.Equal(("Marketplace.Gateways.Public", ReceivedSpan.Server), (root.Service, root.Kind));
        Assert.Contains("/checkout", root.Name);
        Assert.Contains(trace, s => s.Service == "Marketplace.Gateways.Public" && s.Kind == ReceivedSpan.Client && s.Name.Contains("IOrderGrain"));
        Assert.Contains(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Server && s.Name.Contains("IOrderGrain"));
        Assert.Contains(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Server && s.Name.Contains("IPaymentGrain"));
        Assert.Contains(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Server && s.Name.Contains("IInventoryGrain"));
        Assert.Single(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Client && s.Attributes.GetValueOrDefault("server.port") == processorPort);
        output.WriteLine($"checkout trace {traceId}: {trace.Count} spans over {string.Join(", ", trace.Select(s => s.Service).Distinct())}");
    }

    [Fact]
    public async Task A_hand_over_to_the_carrier_is_one_trace_from_the_seller_gateway_to_the_carriers_registration()
    {
        var (seller, productId) = await CheckoutDriver.ListKettle(fixture, "TRACE-2", stock: 5);
        using var _ = seller;
        using var shopper = await fixture.Deployment.CreateClient(Gateway.Public).SignUpAsync("Traced shopper");
        var order = await CheckoutDriver.Checkout(shopper.Client, productId, "TRACE-2", "pm_card_visa");
        var shipmentId = order.GetProperty("sellerOrders")[0].GetProperty("shipmentId").GetGuid();
        using var packed = await seller.Client.PostAsJsonAsync($"/shipments/{shipmentId}/pack", new { location = "Observed shop" });
        Assert.True(packed.IsSuccessStatusCode, await packed.Content.ReadAsStringAsync());

        var (traceparent, traceId, callerSpanId) = NewTraceparent();
        using var handOver = new HttpRequestMessage(HttpMethod.Post, $"/shipments/{shipmentId}/hand-over") { Content = JsonContent.Create(new { channel = "Carrier" }) };
        handOver.Headers.Add("traceparent", traceparent);
        using var handedOver = await seller.Client.SendAsync(handOver);
        Assert.True(handedOver.IsSuccessStatusCode, await handedOver.Content.ReadAsStringAsync());

        var carrierPort = fixture.Carrier.BaseAddress.Port.ToString();
        var trace = await WholeTrace(traceId, "Marketplace.Gateways.Seller", span => span.Kind == ReceivedSpan.Client && span.Attributes.GetValueOrDefault("server.port") == carrierPort);
        var root = Assert.Single(trace, s => s.ParentSpanId == callerSpanId);
        Assert.Equal(("Marketplace.Gateways.Seller", ReceivedSpan.Server), (root.Service, root.Kind));
        Assert.Contains(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Server && s.Name.Contains("IShipmentGrain"));
        Assert.Contains(trace, s => s.Service == Silo && s.Kind == ReceivedSpan.Client && s.Attributes.GetValueOrDefault("server.port") == carrierPort);
    }

    private static (string Traceparent, string TraceId, string CallerSpanId) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        return ($"00-{traceId}-{spanId}-01", traceId, spanId);
    }

    /// <summary>
    /// Waits until the trace holds the gateway's server span and the awaited call, and every span's parent has arrived
    /// too (hosts export in batches, in any order): a trace that is one tree hanging from the caller's span.
    /// </summary>
    private Task<IReadOnlyList<ReceivedSpan>> WholeTrace(string traceId, string gateway, Func<ReceivedSpan, bool> awaited) =>
        Eventually.Until(() => Task.FromResult(fixture.Traces.Trace(traceId)), spans =>
        {
            var ids = spans.Select(s => s.SpanId).ToHashSet();
            return spans.Any(s => s.Service == gateway && s.Kind == ReceivedSpan.Server) && spans.Any(awaited)
                   && spans.Count(s => !ids.Contains(s.ParentSpanId)) == 1;
        }, Patience, $"trace {traceId} to arrive whole");
}
