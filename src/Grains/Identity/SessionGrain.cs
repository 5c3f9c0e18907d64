using System.Security.Cryptography;
using System.Text;
using Marketplace.Common;
using Marketplace.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Identity;

public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Sessions)] IPersistentState<SessionGrain.SessionState> state,
    IOptions<AccountOptions> options,
    TimeProvider clock) : Grain, ISessionGrain
{
    public async Task<SessionGrant> Start(Guid userId, UserRole role)
    {
        if (state.State.UserId != Guid.Empty)
        {
            throw new ConflictException("This session already started.");
        }
        state.State.UserId = userId;
        state.State.Role = role;
        return await IssueRefreshToken();
    }

    public async Task<SessionGrant?> Refresh(string refreshSecret)
    {
        if (!IsLive())
        {
            return null;
        }

        var presented = Hash(refreshSecret);
        if (CryptographicOperations.FixedTimeEquals(presented, state.State.SecretHash))
        {
            return await IssueRefreshToken();
        }
        if (CryptographicOperations.FixedTimeEquals(presented, state.State.PreviousSecretHash))
        {
            // The rotated-away token came back: someone else holds a copy, so nobody keeps the session.
            await Revoke();
        }
        return null;
    }

    public Task<bool> IsHeldBy(Guid userId, UserRole role) =>
        Task.FromResult(IsLive() && state.State.UserId == userId && state.State.Role == role);

    public async Task Revoke()
    {
        await state.ClearStateAsync();
        state.State = new SessionState();
    }

    private bool IsLive() => state.State.UserId != Guid.Empty && state.State.ExpiresAt > clock.GetUtcNow();

    private async Task<SessionGrant> IssueRefreshToken()
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        state.State.PreviousSecretHash = state.State.SecretHash;
        state.State.SecretHash = Hash(secret);
        state.State.ExpiresAt = clock.GetUtcNow() + options.Value.RefreshTokenLifetime;
        await state.WriteStateAsync();
        var sessionId = this.GetPrimaryKey();
        return new SessionGrant(sessionId, state.State.UserId, state.State.Role,
            RefreshTokens.Compose(sessionId, secret), state.State.ExpiresAt);
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GenerateSerializer]
    public sealed class SessionState
    {
        [Id(0)] public Guid UserId { get; set; }
        [Id(1)] public UserRole Role { get; set; }
        [Id(2)] public byte[] SecretHash { get; set; } = [];
        [Id(3)] public byte[] PreviousSecretHash { get; set; } = [];
        [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    }
}
