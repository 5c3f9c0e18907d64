using Marketplace.Gateways.Logistics;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Identity;
using Marketplace.ServiceDefaults.Orleans;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceOrleansClient();
builder.AddMarketplaceAuthentication(GatewayRoles.Logistics);
builder.Services.AddOpenApi();
builder.Services.AddCarrierWebhook(builder.Configuration);

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.UseMarketplaceAuthentication();
app.MapDefaultEndpoints();
app.MapMarketplaceAuth();
app.MapOpenApi();
app.MapCourierShipments();
app.MapOperatorShipments();
app.MapCarrierWebhook();

await app.RunAsync();

public partial class Program;
