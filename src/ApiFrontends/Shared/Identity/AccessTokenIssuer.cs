using System.Security.Claims;
using System.Text;
using Marketplace.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Gateways.Identity;

/// <summary>A signed access token, when it expires and its lifetime in seconds (both from the one issuing instant).</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt, int ExpiresIn);

/// <summary>Mints the short-lived access token of a session.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AccessToken Issue(SessionGrant session)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow();
        var expires = now + jwt.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(MarketplaceClaims.UserId, session.UserId.ToString()),
                new Claim(MarketplaceClaims.Role, session.Role.ClaimValue()),
                new Claim(MarketplaceClaims.SessionId, session.SessionId.ToString()),
            ]),
            // The key id lands in the token's kid header, so gateways find the key among current and previous ones.
            SigningCredentials = new SigningCredentials(SecurityKey(jwt.CurrentKey), SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires, (int)jwt.AccessTokenLifetime.TotalSeconds);
    }

    internal static SymmetricSecurityKey SecurityKey(JwtSigningKey key) => new(Encoding.UTF8.GetBytes(key.Key)) { KeyId = key.Id };
}
