using Marketplace.Gateways;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.Logistics;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarketplaceGateway(GatewayRoles.Logistics);
builder.Services.AddCarrierWebhook(builder.Configuration);

var app = builder.Build();
app.UseMarketplaceGateway();
app.MapCourierShipments();
app.MapOperatorShipments();
app.MapCarrierWebhook();

await app.RunAsync();

public partial class Program;
