namespace Marketplace.Identity;

/// <summary>
/// One sign-in session (keyed by session id, the <c>sid</c> claim), persisted in Redis (StorageNames.Sessions).
/// Gateways ask <see cref="IsHeldBy"/> on every authenticated request, so revoking takes effect at once and a token
/// can only ride on a session of its own user and role.
/// </summary>
public interface ISessionGrain : IGrainWithGuidKey
{
    Task<SessionGrant> Start(Guid userId, UserRole role);

    /// <summary>Swaps the refresh secret for a new one. A reused (already rotated) secret revokes the session: it was stolen.</summary>
    Task<SessionGrant?> Refresh(string refreshSecret);

    /// <summary>
    /// True when the session is live and was started for exactly this user and role. A signature proves the token was
    /// minted with a current key, not that its claims belong to the session it names.
    /// </summary>
    [Orleans.Concurrency.ReadOnly, Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsHeldBy(Guid userId, UserRole role);

    Task Revoke();
}

/// <summary>
/// The sessions of one user (keyed by user id), so an operator can end them all. A closed user (disabled) gets no new
/// session: adding and closing are serialised here, so no sign-in slips past a disable.
/// </summary>
public interface IUserSessionsGrain : IGrainWithGuidKey
{
    /// <summary>Records a new session; false (and the caller ends it) when the user is closed.</summary>
    Task<bool> Add(Guid sessionId, DateTimeOffset expiresAt);

    Task<int> RevokeAll();

    /// <summary>Ends every session but <paramref name="keep"/> (the one that changed the password).</summary>
    Task<int> RevokeAllExcept(Guid keep);

    /// <summary>Ends every session and refuses new ones until <see cref="Reopen"/>.</summary>
    Task<int> Close();

    Task Reopen();
}

/// <summary>
/// Counts failed sign-ins for one key in a sliding window: an account from one address (<c>pair:…</c>), an address
/// (<c>ip:…</c>) or an account from anywhere (<c>email:…</c>). Failures are kept in memory only, because a silo restart
/// that forgets a few does not help a password guesser enough to be worth a write per failure; the addresses an account
/// signed in from, which the account-wide limit spares, are persisted (<see cref="IKnownSignInAddressesGrain"/>).
/// </summary>
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// How long <paramref name="clientAddress"/> is still held back under this key, or null when it may try. An address
    /// that signed in successfully under the key is not held back by failures from elsewhere.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<TimeSpan?> RetryAfter(string clientAddress);

    Task RecordFailure();

    /// <summary>A correct password from <paramref name="clientAddress"/>: its own failures are forgiven and it is trusted from now on.</summary>
    Task RecordSuccess(string clientAddress);
}

/// <summary>
/// The client addresses an account signed in from most recently (key: the normalised e-mail), persisted so that the
/// owner's own addresses stay exempt from the account-wide sign-in limit across restarts; bounded by
/// <c>Identity:Throttling:KnownAddressesPerAccount</c>, the least recently used address leaving first.
/// </summary>
public interface IKnownSignInAddressesGrain : IGrainWithStringKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<bool> Contains(string clientAddress);

    Task Add(string clientAddress);
}

public static class RefreshTokens
{
    /// <summary>A refresh token is <c>{sessionId:N}.{secret}</c>: the session id finds the grain, the secret proves possession.</summary>
    public static string Compose(Guid sessionId, string secret) => $"{sessionId:N}.{secret}";

    public static bool TryParse(string? token, out Guid sessionId, out string secret)
    {
        sessionId = default;
        secret = string.Empty;
        var dot = token?.IndexOf('.') ?? -1;
        if (dot <= 0 || !Guid.TryParseExact(token.AsSpan(0, dot), "N", out sessionId))
        {
            return false;
        }
        secret = token![(dot + 1)..];
        return secret.Length > 0;
    }
}
