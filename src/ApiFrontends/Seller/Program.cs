using Marketplace.Gateways;
using Marketplace.Gateways.Identity;
using Marketplace.Gateways.Seller.Catalog;
using Marketplace.Gateways.Seller.Logistics;
using Marketplace.Gateways.Seller.Media;
using Marketplace.Gateways.Seller.Ordering;
using Marketplace.Gateways.Seller.Payouts;
using Marketplace.Gateways.Seller.Promotions;
using Marketplace.Gateways.Seller.ReadModels;
using Marketplace.Gateways.Seller.Returns;
using Marketplace.Gateways.Seller.Reviews;
using Marketplace.Gateways.Seller.Search;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarketplaceGateway(GatewayRoles.Seller);

var app = builder.Build();
app.UseMarketplaceGateway();
app.MapSellers();
app.MapSellerProducts();
app.MapSellerSales();
app.MapPromoCodes();
app.MapProductMedia();
app.MapSellerOrders();
app.MapReturns();
app.MapLogistics();
app.MapSearchOperations();
app.MapProductReviews();
app.MapProductModeration();
app.MapReadModelOperations();
app.MapLedger();
app.MapPayouts();

await app.RunAsync();

public partial class Program;
