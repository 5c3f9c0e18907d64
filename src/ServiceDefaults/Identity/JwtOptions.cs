using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceDefaults.Identity;

/// <summary>
/// How gateways mint and check access tokens. Bound from the <c>Jwt</c> section; every gateway of one deployment
/// shares the signing key (override the development key with the <c>Jwt__SigningKey</c> environment variable).
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    [Required] public string Issuer { get; set; } = "marketplace";

    [Required] public string Audience { get; set; } = "marketplace";

    /// <summary>The HMAC-SHA256 key, at least 32 characters.</summary>
    [Required, MinLength(32)] public string SigningKey { get; set; } = string.Empty;

    /// <summary>Kept short because a token outlives nothing but its session check: revocation is enforced per request anyway.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
