using Marketplace.Gateways.Public;
using Marketplace.Gateways.Public.Catalog;
using Marketplace.Gateways.Public.Logistics;
using Marketplace.Gateways.Public.Media;
using Marketplace.Gateways.Public.Ordering;
using Marketplace.Gateways.Public.Search;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Identity;
using Marketplace.ServiceDefaults.Orleans;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceOrleansClient();
builder.AddMarketplaceAuthentication(GatewayRoles.Public);
builder.Services.AddSingleton<ISignInObserver, AnonymousCartMerge>();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.UseMarketplaceAuthentication();
app.MapDefaultEndpoints();
app.MapMarketplaceAuth();
app.MapProfile();
app.MapCart();
app.MapOpenApi();
app.MapMedia();
app.MapSearch();
app.MapLogistics();
app.MapOrdering();
app.MapCatalog();

await app.RunAsync();

public partial class Program;
