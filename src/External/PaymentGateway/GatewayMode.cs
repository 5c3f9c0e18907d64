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

/// <summary>
/// How the processor misbehaves, switched at run time through <c>/admin/mode</c>. <see cref="LoseNext"/> carries out the
/// next N calls but answers each with a 503, as when the answer is lost on the way: the client cannot tell it happened.
/// <see cref="RefuseRefunds"/> refuses the next N refunds with a definite answer (402 <c>refund_declined</c>), as a
/// processor does for a card closed since the sale.
/// </summary>
public sealed record GatewayModeSettings(Availability Mode = Availability.Normal, int DelayMs = 0, int FailNext = 0, int LoseNext = 0, int RefuseRefunds = 0);

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

    /// <summary>Consumes one of the refunds to refuse; true when this refund must be refused.</summary>
    public bool TakeRefundRefusal()
    {
        lock (_lock)
        {
            if (_settings.RefuseRefunds <= 0)
            {
                return false;
            }
            _settings = _settings with { RefuseRefunds = _settings.RefuseRefunds - 1 };
            return true;
        }
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

    /// <summary>Consumes one of the lost answers; true when this call is carried out but its answer must be lost.</summary>
    public bool TakeLostAnswer()
    {
        lock (_lock)
        {
            if (_settings.LoseNext <= 0)
            {
                return false;
            }
            _settings = _settings with { LoseNext = _settings.LoseNext - 1 };
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
            await Unavailable(context.Response);
            return;
        }
        if (settings.Mode == Availability.Slow && settings.DelayMs > 0)
        {
            await Task.Delay(settings.DelayMs, context.RequestAborted);
        }
        if (!HttpMethods.IsGet(context.Request.Method) && mode.TakeLostAnswer())
        {
            // Carried out (and kept for its idempotency key), but the client hears only an outage.
            var original = context.Response.Body;
            context.Response.Body = Stream.Null;
            await next(context);
            context.Response.Body = original;
            context.Response.Headers.Clear();
            await Unavailable(context.Response);
            return;
        }
        await next(context);
    }

    private static async Task Unavailable(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await response.WriteAsJsonAsync(new ApiError("service_unavailable", "The processor is unavailable; retry later."));
    }
}
