using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.Silo.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceSilo();

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.MapDefaultEndpoints();
app.MapOrleansDashboard(routePrefix: "/dashboard");

await app.MigrateMarketplaceDatabasesAsync();
await app.RunAsync();

public partial class Program;
