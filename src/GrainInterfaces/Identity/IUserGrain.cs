namespace Marketplace.Identity;

/// <summary>One account (keyed by user id): credentials and role. Persisted in PostgreSQL (StorageNames.Users).</summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account, hashing the password; a repeat with the same email is a no-op (crash-safe sign-up).</summary>
    Task<UserAccount> Create(Registration registration);

    Task<UserAccount?> Get();

    /// <summary>The account when the password matches, otherwise null.</summary>
    Task<UserAccount?> VerifyPassword(string password);

    /// <summary>
    /// Makes the configured bootstrap secret this operator's password when it differs from the one applied last, so
    /// changing the configured password takes effect while a password the operator chose since is kept across restarts.
    /// </summary>
    Task<BootstrapOutcome> ApplyBootstrapPassword(string password);

    /// <summary>False (nothing changes) when <paramref name="currentPassword"/> is wrong.</summary>
    Task<bool> ChangePassword(string currentPassword, string newPassword);

    /// <summary>A new single-use reset token (replacing any earlier one) valid for <paramref name="lifetime"/>.</summary>
    Task<string> IssueResetSecret(TimeSpan lifetime);

    /// <summary>Sets the password when <paramref name="secret"/> is the outstanding, unexpired reset secret; false otherwise.</summary>
    Task<bool> ResetPassword(string secret, string newPassword);

    Task<UserAccount> SetStatus(AccountStatus status);
}

public static class ResetTokens
{
    /// <summary>A reset token is <c>{userId:N}.{secret}</c>: the user id finds the grain, the secret proves the mail was read.</summary>
    public static string Compose(Guid userId, string secret) => $"{userId:N}.{secret}";

    public static bool TryParse(string? token, out Guid userId, out string secret) => RefreshTokens.TryParse(token, out userId, out secret);
}

public enum BootstrapOutcome
{
    /// <summary>The configured secret is the one applied last; nothing changed.</summary>
    Unchanged,

    /// <summary>The configured secret changed and is now the password; the operator's sessions must end.</summary>
    PasswordReset,

    /// <summary>The email belongs to an account that is not an operator; it is left alone.</summary>
    NotAnOperator,
}

/// <summary>
/// The email → user id index, keyed by the normalised email (see <see cref="EmailAddress.Normalise"/>). One grain per email
/// makes a double registration impossible even when two sign-ups race.
/// </summary>
public interface IUserEmailGrain : IGrainWithStringKey
{
    Task<Guid?> GetUserId();

    /// <summary>Claims the email and creates its account; ConflictException when another account holds it.</summary>
    Task<UserAccount> Register(Registration registration);
}

public static class EmailAddress
{
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}
