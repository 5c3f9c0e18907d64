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

    public const int MaxLength = 128;

    /// <summary>The error of a password that is too short or too long, under <paramref name="field"/>, or none.</summary>
    public static void Check(string? password, int minLength, string field, Dictionary<string, string[]> errors)
    {
        if ((password ?? string.Empty).Length < minLength || password!.Length > MaxLength)
        {
            errors[field] = [$"The password must be {minLength} to {MaxLength} characters long."];
        }
    }

    /// <summary>Costs what checking a real account's password costs, and never succeeds.</summary>
    public static void VerifyAgainstDummy(string password) => Hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
}
