using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>Version-based ETags: the ETag of a resource is its version number in quotes, and edits send it back in If-Match.</summary>
public static class EntityTags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers[HeaderNames.ETag] = For(version);

    /// <summary>The version named by the If-Match header, or null when the header is missing or not one of our ETags.</summary>
    public static long? IfMatchVersion(this HttpRequest request)
    {
        var value = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
               && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    /// <summary>428: the edit must say which version it was based on, or it could silently overwrite someone else's.</summary>
    public static IResult PreconditionRequired() => TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
        title: "Precondition required", detail: "Send the resource's ETag in an If-Match header.");
}
