using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Marketplace.Gateways.Identity;

/// <summary>
/// The audit trail's recorder on every gateway: each request made with an operator's token that may change something
/// (any method but GET, HEAD and OPTIONS), on any route, is recorded with who, which route, the path and its first id,
/// the status code, the client's address (after the trusted proxies' forwarded headers) and the JSON body with secrets
/// masked. The entry is written before the response starts, so an operator never sees an action succeed that the trail
/// does not hold: when the trail cannot be written the answer is a 500.
/// </summary>
internal sealed class OperatorAudit(RequestDelegate next)
{
    private const int MaxDetailBytes = 4096;
    private static readonly string[] SecretNames = ["password", "token", "secret", "key"];
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task InvokeAsync(HttpContext http, IClusterClient cluster, GatewayRoles gateway)
    {
        if (!IsOperatorChange(http))
        {
            await next(http);
            return;
        }
        // Everything the entry needs is read now: an exception handler clears the endpoint and route values later.
        var action = $"{http.Request.Method} {Route(http)}";
        var path = http.Request.Path.Value ?? "/";
        var target = http.Request.RouteValues.Values.Select(v => Guid.TryParse(v?.ToString(), out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
        var operatorId = http.User.GetUserId();
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var json = http.Request.HasJsonContentType() && http.Request.ContentLength is null or <= MaxDetailBytes;
        if (json)
        {
            http.Request.EnableBuffering();
        }
        http.Response.OnStarting(async () =>
        {
            var detail = json ? await MaskedBody(http.Request) : Describe(http.Request);
            await cluster.GetGrain<IOperatorAuditGrain>(0)
                .Record(new OperatorAction(operatorId, gateway.Name, action, path, target, http.Response.StatusCode, address, detail));
        });
        await next(http);
    }

    private static bool IsOperatorChange(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
        && http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(MarketplaceClaims.Role)?.Value == UserRole.Operator.ClaimValue();

    /// <summary>The route template without its constraints (<c>/operator/users/{userId}/status</c>), or the path when no route matched.</summary>
    private static string Route(HttpContext http) => http.GetEndpoint() is RouteEndpoint endpoint
        ? "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))))
        : http.Request.Path.Value ?? "/";

    private static async Task<string?> MaskedBody(HttpRequest request)
    {
        request.Body.Position = 0;
        var buffer = new byte[MaxDetailBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
        }
        if (length == 0)
        {
            return null;
        }
        try
        {
            var body = JsonNode.Parse(buffer.AsSpan(0, length));
            Mask(body);
            return body?.ToJsonString(Readable);
        }
        catch (JsonException)
        {
            return $"{length} bytes, not JSON (or longer than {MaxDetailBytes})";
        }
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject body:
                foreach (var (name, value) in body.ToList())
                {
                    if (SecretNames.Any(secret => name.Contains(secret, StringComparison.OrdinalIgnoreCase)))
                    {
                        body[name] = "***";
                    }
                    else
                    {
                        Mask(value);
                    }
                }
                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Mask(item);
                }
                break;
        }
    }

    private static string? Describe(HttpRequest request) => request.ContentType is { } type && request.ContentLength is not 0
        ? $"{request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "streamed"} bytes of {type}"
        : null;
}

public static class OperatorAuditExtensions
{
    /// <summary>Records every operator request that may change something (<see cref="OperatorAudit"/>); after authentication.</summary>
    public static WebApplication UseOperatorAudit(this WebApplication app)
    {
        app.UseMiddleware<OperatorAudit>();
        return app;
    }
}
