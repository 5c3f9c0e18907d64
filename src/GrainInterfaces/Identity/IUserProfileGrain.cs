namespace Marketplace.Identity;

/// <summary>
/// A user's own profile (keyed by user id), persisted in PostgreSQL (StorageNames.Users). Every edit names the version
/// it was based on and fails with VersionMismatchException when the profile changed meanwhile.
/// </summary>
public interface IUserProfileGrain : IGrainWithGuidKey
{
    Task<UserProfile> Get();

    Task<UserProfile> UpdateDetails(long expectedVersion, ProfileDetails details);

    Task<UserProfile> UpdatePreferences(long expectedVersion, Preferences preferences);

    /// <summary>Adds a delivery address; the first one becomes the default.</summary>
    Task<UserProfile> AddAddress(long expectedVersion, AddressDraft address);

    Task<UserProfile> EditAddress(long expectedVersion, Guid addressId, AddressDraft address);

    /// <summary>Removes an address; when it was the default, the oldest remaining one takes over.</summary>
    Task<UserProfile> RemoveAddress(long expectedVersion, Guid addressId);

    Task<UserProfile> SetDefaultAddress(long expectedVersion, Guid addressId);

    /// <summary>One delivery address (for checkout), NotFoundException when the user has no such address.</summary>
    Task<DeliveryAddress> GetAddress(Guid addressId);
}

[GenerateSerializer, Immutable]
public sealed record ProfileDetails(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? FirstName,
    [property: Id(2)] string? LastName,
    [property: Id(3)] string? Phone,
    [property: Id(4)] string? ContactEmail);

[GenerateSerializer, Immutable]
public sealed record Preferences(
    [property: Id(0)] string Language,
    [property: Id(1)] string Currency,
    [property: Id(2)] bool EmailNotifications,
    [property: Id(3)] bool SmsNotifications,
    [property: Id(4)] bool PushNotifications,
    [property: Id(5)] bool MarketingConsent)
{
    public static Preferences Default { get; } = new("ru", "RUB", true, false, true, false);
}

[GenerateSerializer, Immutable]
public sealed record AddressDraft(
    [property: Id(0)] string Recipient,
    [property: Id(1)] string Phone,
    [property: Id(2)] string Country,
    [property: Id(3)] string City,
    [property: Id(4)] string Line1,
    [property: Id(5)] string? Line2,
    [property: Id(6)] string PostalCode,
    [property: Id(7)] string? Comment);

[GenerateSerializer, Immutable]
public sealed record DeliveryAddress(
    [property: Id(0)] Guid AddressId,
    [property: Id(1)] AddressDraft Address,
    [property: Id(2)] bool IsDefault);

/// <summary>The profile as its owner reads it; <see cref="Version"/> is its ETag.</summary>
[GenerateSerializer, Immutable]
public sealed record UserProfile(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string AccountEmail,
    [property: Id(2)] ProfileDetails Details,
    [property: Id(3)] Preferences Preferences,
    [property: Id(4)] IReadOnlyList<DeliveryAddress> Addresses,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset UpdatedAt);
