using Marketplace.Gateways;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.Public;
using Marketplace.Gateways.Public.Catalog;
using Marketplace.Gateways.Public.Logistics;
using Marketplace.Gateways.Public.Media;
using Marketplace.Gateways.Public.Ordering;
using Marketplace.Gateways.Public.Recommendations;
using Marketplace.Gateways.Public.Returns;
using Marketplace.Gateways.Public.Reviews;
using Marketplace.Gateways.Public.Search;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarketplaceGateway(GatewayRoles.Public);
builder.Services.AddSingleton<ISignInObserver, AnonymousCartMerge>();
builder.Services.AddSingleton<PublishedCards>();

var app = builder.Build();
app.UseMarketplaceGateway();
app.MapProfile();
app.MapCart();
app.MapCatalog();
app.MapSearch();
app.MapMedia();
app.MapOrdering();
app.MapReturns();
app.MapLogistics();
app.MapReviews();
app.MapRecommendations();

await app.RunAsync();

public partial class Program;
