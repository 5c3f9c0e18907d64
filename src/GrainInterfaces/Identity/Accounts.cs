using System.Text.Json.Serialization;

namespace Marketplace.Identity;

/// <summary>Whether an account may sign in: couriers start pending an operator's approval, operators disable and enable.</summary>
[GenerateSerializer, JsonConverter(typeof(JsonStringEnumConverter<AccountStatus>))]
public enum AccountStatus
{
    Active,
    PendingApproval,
    Disabled,
}

/// <summary>A sign-up request; the gateway, not the client, decides the role.</summary>
[GenerateSerializer, Immutable]
public sealed record Registration(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] UserRole Role);

[GenerateSerializer, Immutable]
public sealed record UserAccount(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] UserRole Role,
    [property: Id(4)] DateTimeOffset RegisteredAt,
    [property: Id(5)] AccountStatus Status = AccountStatus.Active);

/// <summary>A sign-in attempt. <see cref="ClientAddress"/> feeds the per-address throttle.</summary>
[GenerateSerializer, Immutable]
public sealed record LoginAttempt(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string ClientAddress,
    [property: Id(3)] IReadOnlyList<UserRole> AdmittedRoles);

public enum LoginOutcome
{
    SignedIn,
    InvalidCredentials,

    /// <summary>The password is right but this gateway does not admit the user's role.</summary>
    RoleNotAdmitted,

    /// <summary>Too many failures for this email or client address; retry after <see cref="LoginResult.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The password is right but an operator has not approved the account yet.</summary>
    PendingApproval,

    /// <summary>The password is right but an operator disabled the account.</summary>
    Disabled,
}

[GenerateSerializer, Immutable]
public sealed record LoginResult(
    [property: Id(0)] LoginOutcome Outcome,
    [property: Id(1)] SessionGrant? Session,
    [property: Id(2)] TimeSpan? RetryAfter)
{
    public static LoginResult Failed(LoginOutcome outcome, TimeSpan? retryAfter = null) => new(outcome, null, retryAfter);
}

/// <summary>
/// A live session: the gateway mints a short-lived access token from it. <see cref="RefreshToken"/> is shown
/// to the client once and rotates on every refresh.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SessionGrant(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string RefreshToken,
    [property: Id(4)] DateTimeOffset RefreshTokenExpiresAt);
