using Marketplace.Gateways.Seller.Catalog;
using Marketplace.Gateways.Seller.Logistics;
using Marketplace.Gateways.Seller.Media;
using Marketplace.Gateways.Seller.Ordering;
using Marketplace.Gateways.Seller.Search;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Identity;
using Marketplace.ServiceDefaults.Orleans;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceOrleansClient();
builder.AddMarketplaceAuthentication(GatewayRoles.Seller);
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.UseMarketplaceAuthentication();
app.MapDefaultEndpoints();
app.MapMarketplaceAuth();
app.MapOpenApi();
app.MapLogistics();
app.MapSellerOrders();
app.MapSellers();
app.MapSellerProducts();
app.MapProductMedia();
app.MapSearchOperations();

await app.RunAsync();

public partial class Program;
