namespace Marketplace.Grains.Identity;

/// <summary>Sign-up, session and throttling rules. Bound from the silo's <c>Identity</c> section.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Identity";

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>How long a refresh token stays valid; each refresh issues a new one with a fresh lifetime.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a password-reset token works; it works once.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a new operator's invitation (a reset token) works.</summary>
    public TimeSpan OperatorInvitationLifetime { get; set; } = TimeSpan.FromDays(3);

    public LoginThrottleOptions Throttling { get; set; } = new();

    /// <summary>The operator account created at silo start when both email and password are set.</summary>
    public OperatorAccountOptions Operator { get; set; } = new();
}

/// <summary>
/// Guessing is stopped per account and address, so a stranger's wrong passwords never lock the owner out; the account-wide
/// limit, high enough not to trip by accident, stops guessing spread over many addresses and spares addresses the
/// owner signed in from.
/// </summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failed sign-ins for one email from one client address within <see cref="Window"/> before that pair waits.</summary>
    public int MaxFailuresPerAccountAndAddress { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address within <see cref="Window"/>; higher, as many users may share an address.</summary>
    public int MaxFailuresPerAddress { get; set; } = 50;

    /// <summary>Failed sign-ins for one email from all addresses within <see cref="Window"/>; addresses that signed in to it are exempt.</summary>
    public int MaxFailuresPerAccount { get; set; } = 100;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many of the addresses an account signed in from most recently are remembered as the owner's.</summary>
    public int KnownAddressesPerAccount { get; set; } = 10;
}

public sealed class OperatorAccountOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "Operator";
}
