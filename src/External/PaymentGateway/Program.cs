using Marketplace.External.PaymentGateway;

// A card processor in test mode: the marketplace's payments context talks to it over HTTP exactly as it would to a
// real one. State lives in memory only; /admin switches outages and slowness on and off for tests and demos.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Processor>();
builder.Services.AddSingleton<PayoutBook>();
builder.Services.AddSingleton<GatewayMode>();
builder.Services.AddSingleton<IdempotencyStore>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

var app = builder.Build();
app.UseMiddleware<GatewayModeMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
app.Use(async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (GatewayException e)
    {
        context.Response.StatusCode = e.StatusCode;
        await context.Response.WriteAsJsonAsync(new ApiError(e.Code, e.Message));
    }
});

app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));

var api = app.MapGroup("/v1");
api.MapPost("/payment_methods", (PaymentMethodRequest request, Processor processor) => Results.Ok(processor.Tokenize(request)));
api.MapPost("/authorizations", (AuthorizeRequest request, Processor processor) =>
{
    var (approved, authorization) = processor.Authorize(request);
    // A decline is a completed request with a definite answer, so it is kept for the idempotency key like a success.
    return approved
        ? Results.Created($"/v1/authorizations/{authorization.Id}", authorization)
        : Results.Json(authorization, statusCode: StatusCodes.Status402PaymentRequired);
});
api.MapGet("/authorizations", (string reference, Processor processor) => Results.Ok(processor.FindByReference(reference)));
api.MapGet("/authorizations/{id}", (string id, Processor processor) => Results.Ok(processor.Get(id)));
api.MapPost("/authorizations/{id}/captures", (string id, AmountRequest request, Processor processor) => Results.Ok(processor.Capture(id, request.Amount)));
api.MapPost("/authorizations/{id}/reversals", (string id, AmountRequest request, Processor processor) => Results.Ok(processor.Reverse(id, request.Amount)));
// A refused refund is a definite answer, kept for its idempotency key: the merchant retries with a new refund.
api.MapPost("/authorizations/{id}/refunds", (string id, AmountRequest request, Processor processor, GatewayMode mode) => mode.TakeRefundRefusal()
    ? Results.Json(new ApiError("refund_declined", "The issuer refused the refund."), statusCode: StatusCodes.Status402PaymentRequired)
    : Results.Ok(processor.Refund(id, request.Amount)));
PayoutBook.Map(api);

var admin = app.MapGroup("/admin");
admin.MapGet("/mode", (GatewayMode mode) => Results.Ok(mode.Current));
admin.MapPut("/mode", (GatewayModeSettings settings, GatewayMode mode) =>
{
    mode.Set(settings);
    return Results.Ok(mode.Current);
});
admin.MapPost("/reset", (Processor processor, PayoutBook payouts, GatewayMode mode, IdempotencyStore idempotency) =>
{
    processor.Reset();
    payouts.Reset();
    idempotency.Entries.Clear();
    mode.Set(new GatewayModeSettings());
    return Results.NoContent();
});

await app.RunAsync();

public partial class Program;
