namespace Marketplace.Identity;

/// <summary>What a user is to the marketplace; each gateway admits only some of them.</summary>
public enum UserRole
{
    Shopper,
    Seller,
    Courier,
    Operator,
}

public static class UserRoles
{
    /// <summary>The value of the <c>role</c> claim: the lower-case role name.</summary>
    public static string ClaimValue(this UserRole role) => role switch
    {
        UserRole.Shopper => "shopper",
        UserRole.Seller => "seller",
        UserRole.Courier => "courier",
        UserRole.Operator => "operator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParseClaim(string? value, out UserRole role)
    {
        foreach (var candidate in Enum.GetValues<UserRole>())
        {
            if (string.Equals(candidate.ClaimValue(), value, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
