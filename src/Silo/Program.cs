using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceSilo();
builder.AddDashboardAccess();

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.MapDefaultEndpoints();
app.MapProtectedDashboard("/dashboard");

await app.MigrateMarketplaceDatabasesAsync();
await app.RunAsync();

public partial class Program;
