using Marketplace.Bench.BareKestrel;

// The baseline the gateways are measured against: Kestrel and routing only; no Orleans client, no telemetry,
// no problem-details or health-check middleware. Every IBaseline in this assembly maps its endpoints here.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
foreach (var baseline in Baselines.Discover())
{
    baseline.Map(app);
}

await app.RunAsync();
