using System.ComponentModel.DataAnnotations;
using Marketplace.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateways.Identity;

/// <summary>
/// How gateways mint and check access tokens. Bound from the <c>Jwt</c> section; every gateway of one deployment
/// shares the signing keys (set per install as <c>Jwt__SigningKeys__0__Id</c> / <c>Jwt__SigningKeys__0__Key</c>).
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    [Required] public string Issuer { get; set; } = "marketplace";

    [Required] public string Audience { get; set; } = "marketplace";

    /// <summary>
    /// The first key signs every new token; the others are previous keys, still accepted until the tokens they signed
    /// have expired, so a rotation (new key first, old one second) logs nobody out.
    /// </summary>
    public List<JwtSigningKey> SigningKeys { get; set; } = [];

    /// <summary>Kept short because a token outlives nothing but its session check: revocation is enforced per request anyway.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public JwtSigningKey CurrentKey => SigningKeys[0];
}

/// <summary>An HMAC-SHA256 key and the id (<c>kid</c> header) tokens name it by.</summary>
public sealed class JwtSigningKey
{
    public string Id { get; set; } = string.Empty;

    /// <summary>At least 32 characters; its UTF-8 bytes are the HMAC key.</summary>
    public string Key { get; set; } = string.Empty;
}

/// <summary>At least one key, ids unique and present, keys long enough, and outside Development none of them the committed one.</summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var errors = new List<string>();
        if (options.SigningKeys.Count == 0)
        {
            errors.Add($"{JwtOptions.SectionName}:SigningKeys is empty: configure {JwtOptions.SectionName}:SigningKeys:0:Id and :Key.");
        }
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var key = options.SigningKeys[i];
            var path = $"{JwtOptions.SectionName}:SigningKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Id))
            {
                errors.Add($"{path}:Id is required: tokens name their key by it.");
            }
            else if (options.SigningKeys.Take(i).Any(earlier => earlier.Id == key.Id))
            {
                errors.Add($"{path}:Id '{key.Id}' is used by an earlier key.");
            }
            if (key.Key.Length < MinKeyLength)
            {
                errors.Add($"{path}:Key must be at least {MinKeyLength} characters.");
            }
            if (!environment.IsDevelopment() && DevelopmentSecrets.IsCommitted(key.Key))
            {
                errors.Add(DevelopmentSecrets.Refusal($"{path}:Key", environment.EnvironmentName));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
