using Marketplace.External.Carrier;
using Microsoft.Extensions.Options;

// A parcel carrier's sandbox: the marketplace's logistics context registers parcels over HTTP and gets signed status
// callbacks at its webhook, exactly as with a real carrier. State lives in memory only; /admin switches outages,
// duplicate and out-of-order callbacks and failed deliveries on and off for tests and demos.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCarrierOptions();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SandboxMode>();
builder.Services.AddSingleton<ShipmentBook>();
builder.Services.AddSingleton<JourneyRunner>();
builder.Services.AddSingleton<CallbackLog>();
builder.Services.AddHttpClient<WebhookSender>(http => http.Timeout = TimeSpan.FromSeconds(5));

var app = builder.Build();
app.UseMiddleware<OutageMiddleware>();

app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));

var api = app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
{
    var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<CarrierOptions>>().Value.ApiKey;
    return context.HttpContext.Request.Headers["X-Api-Key"] == expected
        ? await next(context)
        : Results.Json(new ApiError("unauthorized", "Send your API key in X-Api-Key."), statusCode: StatusCodes.Status401Unauthorized);
});
api.MapPost("/shipments", (RegisterRequest request, ShipmentBook book) =>
{
    if (string.IsNullOrWhiteSpace(request.Reference) || request.Address is null || string.IsNullOrWhiteSpace(request.Address.City))
    {
        return Results.BadRequest(new ApiError("invalid_request", "reference and address.city are required."));
    }
    var (parcel, created) = book.Register(request);
    var response = new RegisterResponse(parcel.TrackingNumber, parcel.Reference);
    return created ? Results.Created($"/v1/shipments/{parcel.TrackingNumber}", response) : Results.Ok(response);
});
api.MapGet("/shipments/{trackingNumber}", (string trackingNumber, ShipmentBook book) =>
    book.Find(trackingNumber) is { } parcel
        ? Results.Ok(parcel.View())
        : Results.NotFound(new ApiError("not_found", $"No parcel {trackingNumber}.")));

var admin = app.MapGroup("/admin");
admin.MapGet("/mode", (SandboxMode mode) => Results.Ok(mode.Current));
admin.MapPut("/mode", (SandboxSettings settings, SandboxMode mode) =>
{
    mode.Set(settings);
    return Results.Ok(mode.Current);
});
admin.MapGet("/callbacks", (string? trackingNumber, CallbackLog log) => Results.Ok(log.For(trackingNumber)));
admin.MapPost("/reset", (ShipmentBook book, SandboxMode mode, CallbackLog log) =>
{
    book.Reset();
    log.Clear();
    mode.Set(new SandboxSettings());
    return Results.NoContent();
});

await app.RunAsync();

public partial class Program;
