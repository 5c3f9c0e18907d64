using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency over HTTP: a resource's version travels as a strong ETag (<c>"7"</c>), an edit sends it
/// back in If-Match, and the grain refuses a stale one (VersionMismatchException, 412).
/// </summary>
public static class EntityVersions
{
    public static string ETagOf(long version) => $"\"{version}\"";

    /// <summary>The version an edit is based on; 428 when the client sent none, 400 when it is not one of ours.</summary>
    public static long RequiredIfMatch(this HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new BadHttpRequestException("Send the ETag you read in an If-Match header, so a concurrent edit is not overwritten.",
                StatusCodes.Status428PreconditionRequired);
        }
        return EntityTagHeaderValue.TryParse(header, out var tag) && !tag.IsWeak
               && long.TryParse(tag.Tag.AsSpan().Trim('"'), out var version)
            ? version
            : throw new BadHttpRequestException($"If-Match '{header}' is not an ETag this API issued.", StatusCodes.Status400BadRequest);
    }

    /// <summary>200 with the body and its ETag, or 304 when the client already holds that version (If-None-Match).</summary>
    public static IResult Versioned<T>(this HttpContext http, T body, long version, int status = StatusCodes.Status200OK, string? location = null)
    {
        var etag = ETagOf(version);
        http.Response.Headers.ETag = etag;
        if (status == StatusCodes.Status200OK && http.ClientHolds(etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return status == StatusCodes.Status201Created ? Results.Created(location, body) : Results.Json(body, statusCode: status);
    }

    /// <summary>Whether the request's If-None-Match names <paramref name="etag"/>: the client holds it, and a GET answers 304.</summary>
    public static bool ClientHolds(this HttpContext http, string etag) => http.Request.Headers.IfNoneMatch.Any(v => v == etag || v == "*");
}
