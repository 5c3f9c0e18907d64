using System.Globalization;
using System.Threading.RateLimiting;
using Marketplace.Gateways.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Gateways.RateLimiting;

/// <summary>The rate-limit policies a route opts into with <c>.RequireRateLimiting(MarketplaceRateLimits.Cart)</c>.</summary>
public static class MarketplaceRateLimits
{
    /// <summary>/auth/login and /auth/refresh, per client address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>/auth/register, per client address.</summary>
    public const string Registration = "registration";

    /// <summary>Per signed-in user (per address for anonymous callers).</summary>
    public const string Checkout = "checkout";

    public const string Cart = "cart";

    public const string Reviews = "reviews";

    /// <summary>Per client address.</summary>
    public const string Search = "search";
}

/// <summary>Fixed-window limits per policy (section <c>RateLimiting</c>); <see cref="Enabled"/> false turns every policy off.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    public FixedWindow SignIn { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
    public FixedWindow Registration { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };
    public FixedWindow Checkout { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };
    public FixedWindow Cart { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };
    public FixedWindow Reviews { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };
    public FixedWindow Search { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    public sealed class FixedWindow
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }
}

public static class RateLimitingExtensions
{
    public static IServiceCollection AddMarketplaceRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>()
            .BindConfiguration(RateLimitingOptions.SectionName)
            .Validate(o => Policies(o).All(p => p.Limit.PermitLimit > 0 && p.Limit.Window > TimeSpan.Zero),
                $"Every {RateLimitingOptions.SectionName} policy needs PermitLimit > 0 and a positive Window.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = Reject;
            foreach (var (name, limitOf, perUser) in PolicyShapes)
            {
                limiter.AddPolicy(name, http =>
                {
                    var options = http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
                    if (!options.Enabled)
                    {
                        return RateLimitPartition.GetNoLimiter(string.Empty);
                    }
                    var limit = limitOf(options);
                    return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http, perUser), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit.PermitLimit,
                        Window = limit.Window,
                        QueueLimit = 0,
                    });
                });
            }
        });
        return services;
    }

    /// <summary>After authentication, so per-user policies can tell callers apart.</summary>
    public static WebApplication UseMarketplaceRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static readonly (string Name, Func<RateLimitingOptions, RateLimitingOptions.FixedWindow> Limit, bool PerUser)[] PolicyShapes =
    [
        (MarketplaceRateLimits.SignIn, o => o.SignIn, false),
        (MarketplaceRateLimits.Registration, o => o.Registration, false),
        (MarketplaceRateLimits.Checkout, o => o.Checkout, true),
        (MarketplaceRateLimits.Cart, o => o.Cart, true),
        (MarketplaceRateLimits.Reviews, o => o.Reviews, true),
        (MarketplaceRateLimits.Search, o => o.Search, false),
    ];

    private static IEnumerable<(string Name, RateLimitingOptions.FixedWindow Limit)> Policies(RateLimitingOptions options) =>
        PolicyShapes.Select(p => (p.Name, p.Limit(options)));

    private static string PartitionKey(HttpContext http, bool perUser) =>
        perUser && http.User.Identity?.IsAuthenticated == true
            ? $"user:{http.User.GetUserId()}"
            : $"ip:{http.Connection.RemoteIpAddress}";

    private static async ValueTask Reject(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var detail = "Too many requests; slow down.";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"Too many requests; try again in {seconds} seconds.";
        }
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}
