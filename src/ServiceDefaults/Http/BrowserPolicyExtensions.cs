using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>
/// Which web applications may call a gateway from a browser. Bound from the <c>Cors</c> section; with no allowed
/// origin (the default) no cross-origin request is admitted.
/// </summary>
public sealed class CorsSettings : IValidatableObject
{
    public const string SectionName = "Cors";

    /// <summary>Origins such as <c>https://shop.example</c> (scheme, host and port; no path, no wildcard).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public string[] AllowedMethods { get; set; } = ["GET", "POST", "PUT", "DELETE"];

    public string[] AllowedHeaders { get; set; } = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Cart-Id"];

    /// <summary>Response headers a browser script may read: versions, created resources, back-off and the anonymous cart.</summary>
    public string[] ExposedHeaders { get; set; } = ["ETag", "Location", "Retry-After", "X-Cart-Id"];

    /// <summary>Whether cookies (the anonymous cart's <c>cart_id</c>) travel with cross-origin requests.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                yield return new ValidationResult($"Cors:AllowedOrigins: '{origin}' is not an origin such as https://shop.example.", [nameof(AllowedOrigins)]);
            }
        }
    }
}

public static class BrowserPolicyExtensions
{
    /// <summary>CORS from the <c>Cors</c> section, as the default policy of every endpoint.</summary>
    public static IHostApplicationBuilder AddMarketplaceBrowserPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsSettings>()
            .BindConfiguration(CorsSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
        {
            var s = settings.Value;
            cors.AddDefaultPolicy(policy =>
            {
                policy.WithOrigins([.. s.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                    .WithMethods(s.AllowedMethods)
                    .WithHeaders(s.AllowedHeaders)
                    .WithExposedHeaders(s.ExposedHeaders)
                    .SetPreflightMaxAge(s.PreflightMaxAge);
                if (s.AllowCredentials)
                {
                    policy.AllowCredentials();
                }
            });
        });
        return builder;
    }

    /// <summary>
    /// Security headers on every answer (an API's JSON is never sniffed as HTML, framed, or leaks its URL as a referrer),
    /// then CORS, before authentication so a preflight needs no token.
    /// </summary>
    public static WebApplication UseMarketplaceBrowserPolicy(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // When the response starts, so an error answer (the exception handler clears headers) carries them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCors();
        return app;
    }
}
