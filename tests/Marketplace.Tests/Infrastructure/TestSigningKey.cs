using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A JWT signing key made for one test deployment (never a committed one), and the means to mint any token with it.</summary>
public sealed record TestSigningKey(string Id, string Key)
{
    public static TestSigningKey Generate() =>
        new($"test-{Guid.NewGuid():N}"[..17], Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));

    /// <summary>The gateways' environment variables for a key list: the first signs, the rest are still accepted.</summary>
    public static Dictionary<string, string> Environment(params TestSigningKey[] keys)
    {
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < keys.Length; i++)
        {
            environment[$"Jwt__SigningKeys__{i}__Id"] = keys[i].Id;
            environment[$"Jwt__SigningKeys__{i}__Key"] = keys[i].Key;
        }
        return environment;
    }

    /// <summary>A token with exactly these claims, as the gateways' issuer would sign it (issuer and audience of appsettings.json).</summary>
    public string Sign(IReadOnlyDictionary<string, string> claims, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "marketplace",
            Audience = "marketplace",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(5)),
            Subject = new ClaimsIdentity(claims.Select(c => new Claim(c.Key, c.Value))),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)) { KeyId = Id }, SecurityAlgorithms.HmacSha256),
        });
    }
}
