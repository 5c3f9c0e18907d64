namespace Marketplace.Grains.Identity;

/// <summary>Sign-up, session and throttling rules. Bound from the silo's <c>Identity</c> section.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Identity";

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>How long a refresh token stays valid; each refresh issues a new one with a fresh lifetime.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public LoginThrottleOptions Throttling { get; set; } = new();

    /// <summary>The operator account created at silo start when both email and password are set.</summary>
    public OperatorAccountOptions Operator { get; set; } = new();
}

public sealed class LoginThrottleOptions
{
    /// <summary>Failed sign-ins for one email within <see cref="Window"/> before it is locked out.</summary>
    public int MaxFailuresPerEmail { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address within <see cref="Window"/>; higher, as many users may share an address.</summary>
    public int MaxFailuresPerAddress { get; set; } = 50;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class OperatorAccountOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "Operator";
}
