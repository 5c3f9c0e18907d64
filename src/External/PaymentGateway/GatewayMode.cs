namespace Marketplace.External.PaymentGateway;

public enum Availability
{
    /// <summary>Answers at once.</summary>
    Normal,

    /// <summary>Every API call answers 503, as a processor does during an incident.</summary>
    Outage,

    /// <summary>Every API call is held for <see cref="GatewayModeSettings.DelayMs"/> before it is processed.</summary>
    Slow,
}

/// <summary>How the processor misbehaves, switched at run time through <c>/admin/mode</c>.</summary>
public sealed record GatewayModeSettings(Availability Mode = Availability.Normal, int DelayMs = 0, int FailNext = 0);

/// <summary>The current mode; <see cref="FailNext"/> lets a test break exactly the next N calls to prove a retry.</summary>
public sealed class GatewayMode
{
    private readonly Lock _lock = new();
    private GatewayModeSettings _settings = new();

    public GatewayModeSettings Current
    {
        get { lock (_lock) { return _settings; } }
    }

    public void Set(GatewayModeSettings settings)
    {
        lock (_lock) { _settings = settings; }
    }

    /// <summary>Consumes one of the injected failures; true when this call must fail.</summary>
    public bool TakeInjectedFailure()
    {
        lock (_lock)
        {
            if (_settings.FailNext <= 0)
            {
                return false;
            }
            _settings = _settings with { FailNext = _settings.FailNext - 1 };
            return true;
        }
    }
}

/// <summary>Applies the mode to every <c>/v1</c> call before anything else, so an outage is never cached as an idempotent answer.</summary>
public sealed class GatewayModeMiddleware(RequestDelegate next, GatewayMode mode)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var settings = mode.Current;
        if (settings.Mode == Availability.Outage || mode.TakeInjectedFailure())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new ApiError("service_unavailable", "The processor is unavailable; retry later."));
            return;
        }
        if (settings.Mode == Availability.Slow && settings.DelayMs > 0)
        {
            await Task.Delay(settings.DelayMs, context.RequestAborted);
        }
        await next(context);
    }
}
