using Marketplace.ServiceDefaults;
using Marketplace.ServiceDefaults.Http;
using Marketplace.ServiceDefaults.Orleans;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMarketplaceOrleansClient();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseMarketplaceProblemDetails();
app.MapDefaultEndpoints();
app.MapOpenApi();

await app.RunAsync();

public partial class Program;
