using Marketplace.Identity;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Grains.Identity;

/// <summary>The one password hasher of the identity context (PBKDF2 via ASP.NET Core Identity).</summary>
internal static class Passwords
{
    // The hasher's user argument is unused by the default implementation; one instance is thread-safe.
    public static readonly PasswordHasher<UserAccount> Hasher = new();

    private static readonly UserAccount Nobody = new(Guid.Empty, string.Empty, string.Empty, UserRole.Shopper, DateTimeOffset.UnixEpoch);
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    /// <summary>Costs what checking a real account's password costs, and never succeeds.</summary>
    public static void VerifyAgainstDummy(string password) => Hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
}
