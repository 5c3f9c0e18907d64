using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>How much a gateway reads of a request. Bound from the <c>RequestLimits</c> section.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>
    /// The largest body an endpoint reads unless it declares a limit of its own (the image upload does): every JSON
    /// request of the API is a few kilobytes, so a 5 MB body is refused with 413 before it is parsed.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}

public static class InputRulesExtensions
{
    /// <summary>What a gateway accepts as input at all: a bounded body, JSON without missing members or control characters.</summary>
    public static IHostApplicationBuilder AddMarketplaceInputRules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitsOptions>()
            .BindConfiguration(RequestLimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o => JsonInput.Apply(o.SerializerOptions));
        return builder;
    }

    /// <summary>Refuses control characters in the path and query string; after the exception handler, so the refusal is a problem detail.</summary>
    public static WebApplication UseMarketplaceInputRules(this WebApplication app)
    {
        app.UseMiddleware<QueryTextGuard>();
        return app;
    }
}
