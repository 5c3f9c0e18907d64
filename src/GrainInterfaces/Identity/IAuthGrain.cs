namespace Marketplace.Identity;

/// <summary>
/// The entry point of sign-up and sign-in for every gateway: it ties the email index, the user, the throttle and the
/// session grains together. Stateless, so any silo serves it locally; call it with key 0.
/// </summary>
public interface IAuthGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the account; ConflictException when the email is taken, ValidationException on bad input.</summary>
    Task<UserAccount> Register(Registration registration);

    Task<LoginResult> Login(LoginAttempt attempt);

    /// <summary>Rotates the refresh token; null when it is unknown, expired, revoked or already used.</summary>
    Task<SessionGrant?> Refresh(string refreshToken);

    /// <summary>Ends the session at once: its access tokens stop working on the next request.</summary>
    Task Logout(Guid sessionId);
}
