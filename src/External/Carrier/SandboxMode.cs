namespace Marketplace.External.Carrier;

/// <summary>
/// How the sandbox behaves, switched at run time through <c>/admin/mode</c>. A journey keeps the mode it was registered
/// under, so a test sets the mode first and then hands a parcel over.
/// </summary>
/// <param name="Outage">Every API call answers 503 and no callback leaves, as during a carrier incident.</param>
/// <param name="StepDelayMs">Time between two steps of a parcel's journey.</param>
/// <param name="Duplicates">Every callback is sent twice.</param>
/// <param name="Reorder">Callbacks go out in swapped pairs (2 before 1, 4 before 3).</param>
/// <param name="FailDelivery">The journey ends in a failed delivery instead of a delivery.</param>
public sealed record SandboxSettings(
    bool Outage = false,
    int StepDelayMs = 1000,
    bool Duplicates = false,
    bool Reorder = false,
    bool FailDelivery = false);

public sealed class SandboxMode
{
    private readonly Lock _lock = new();
    private SandboxSettings _settings = new();

    public SandboxSettings Current
    {
        get { lock (_lock) { return _settings; } }
    }

    public void Set(SandboxSettings settings)
    {
        lock (_lock) { _settings = settings; }
    }
}

/// <summary>Answers every <c>/v1</c> call with 503 during an outage; the admin API stays up.</summary>
public sealed class OutageMiddleware(RequestDelegate next, SandboxMode mode)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/v1") && mode.Current.Outage)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new ApiError("service_unavailable", "The carrier is unavailable; retry later."));
            return;
        }
        await next(context);
    }
}
