using System.Net.Mail;
using Marketplace.Common;
using Marketplace.Identity;
using AddressRules = Marketplace.Logistics.DeliveryAddressRules;
using ShipmentAddress = Marketplace.Logistics.DeliveryAddress;

namespace Marketplace.Grains.Identity;

public sealed class UserProfileGrain(
    [PersistentState("identity-profile", StorageNames.Users)] IPersistentState<UserProfileGrain.ProfileState> state,
    TimeProvider clock)
    : Grain, IUserProfileGrain
{
    private const int MaxAddresses = 20;
    private const int MaxText = 200;
    private static readonly HashSet<string> Languages = ["ru", "en", "kk", "uz", "hy", "be"];
    private static readonly HashSet<string> Currencies = ["RUB", "KZT", "UZS", "AMD", "BYN", "USD", "EUR"];

    public async Task<UserProfile> Get() => View(await Loaded());

    public Task<UserProfile> UpdateDetails(long expectedVersion, ProfileDetails details) => Edit(expectedVersion, profile =>
    {
        ValidateDetails(details);
        profile.Details = details with { DisplayName = details.DisplayName.Trim() };
    });

    public Task<UserProfile> UpdatePreferences(long expectedVersion, Preferences preferences) => Edit(expectedVersion, profile =>
    {
        var errors = new Errors();
        errors.Require(Languages.Contains(preferences.Language ?? ""), "language", $"One of: {string.Join(", ", Languages)}.");
        errors.Require(Currencies.Contains(preferences.Currency ?? ""), "currency", $"One of: {string.Join(", ", Currencies)}.");
        errors.ThrowIfAny();
        profile.Preferences = preferences;
    });

    public Task<UserProfile> AddAddress(long expectedVersion, AddressDraft address) => Edit(expectedVersion, profile =>
    {
        ValidateAddress(address);
        if (profile.Addresses.Count >= MaxAddresses)
        {
            throw new ConflictException($"A profile holds at most {MaxAddresses} addresses.");
        }
        var id = Guid.NewGuid();
        profile.Addresses.Add(new StoredAddress(id, address));
        profile.DefaultAddressId ??= id;
    });

    public Task<UserProfile> EditAddress(long expectedVersion, Guid addressId, AddressDraft address) => Edit(expectedVersion, profile =>
    {
        ValidateAddress(address);
        var index = IndexOf(profile, addressId);
        profile.Addresses[index] = new StoredAddress(addressId, address);
    });

    public Task<UserProfile> RemoveAddress(long expectedVersion, Guid addressId) => Edit(expectedVersion, profile =>
    {
        profile.Addresses.RemoveAt(IndexOf(profile, addressId));
        if (profile.DefaultAddressId == addressId)
        {
            profile.DefaultAddressId = profile.Addresses.Count > 0 ? profile.Addresses[0].Id : null;
        }
    });

    public Task<UserProfile> SetDefaultAddress(long expectedVersion, Guid addressId) => Edit(expectedVersion, profile =>
    {
        IndexOf(profile, addressId);
        profile.DefaultAddressId = addressId;
    });

    public async Task<DeliveryAddress> GetAddress(Guid addressId)
    {
        var profile = await Loaded();
        return View(profile).Addresses.FirstOrDefault(a => a.AddressId == addressId)
               ?? throw new NotFoundException($"Address {addressId} not found.");
    }

    private async Task<UserProfile> Edit(long expectedVersion, Action<ProfileState> change)
    {
        var profile = await Loaded();
        if (profile.Version != expectedVersion)
        {
            throw new VersionMismatchException(expectedVersion, profile.Version);
        }
        change(profile);
        profile.Version++;
        profile.UpdatedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change is in memory but not stored: start over from the store on the next call.
            DeactivateOnIdle();
            throw;
        }
        return View(profile);
    }

    /// <summary>The stored profile, started from the account on first use.</summary>
    private async Task<ProfileState> Loaded()
    {
        if (state.State.AccountEmail.Length > 0)
        {
            return state.State;
        }
        var account = await GrainFactory.GetGrain<IUserGrain>(this.GetPrimaryKey()).Get()
                      ?? throw new NotFoundException("No such user.");
        state.State.AccountEmail = account.Email;
        state.State.Details = new ProfileDetails(account.DisplayName, null, null, null, null);
        state.State.UpdatedAt = account.RegisteredAt;
        state.State.Version = 1;
        return state.State;
    }

    private UserProfile View(ProfileState profile) => new(
        this.GetPrimaryKey(),
        profile.AccountEmail,
        profile.Details,
        profile.Preferences,
        profile.Addresses.Select(a => new DeliveryAddress(a.Id, a.Address, a.Id == profile.DefaultAddressId)).ToList(),
        profile.Version,
        profile.UpdatedAt);

    private static int IndexOf(ProfileState profile, Guid addressId)
    {
        var index = profile.Addresses.FindIndex(a => a.Id == addressId);
        return index >= 0 ? index : throw new NotFoundException($"Address {addressId} not found.");
    }

    private static void ValidateDetails(ProfileDetails details)
    {
        var errors = new Errors();
        errors.Require(!string.IsNullOrWhiteSpace(details.DisplayName) && details.DisplayName.Length <= 100 && TextRules.Error(details.DisplayName) is null,
            "displayName", "1 to 100 characters on one line.");
        errors.Optional(details.FirstName, "firstName");
        errors.Optional(details.LastName, "lastName");
        errors.Require(details.Phone is null || AddressRules.IsPhone(details.Phone), "phone", AddressRules.PhoneError);
        errors.Require(details.ContactEmail is null || (MailAddress.TryCreate(details.ContactEmail, out var parsed) && parsed.Address == details.ContactEmail),
            "contactEmail", "A valid email address.");
        errors.ThrowIfAny();
    }

    // The shipment's rule for every field an order copies, plus what a saved address adds: a phone is required, and a comment.
    private static void ValidateAddress(AddressDraft address)
    {
        var errors = new Errors(AddressRules.Errors(new ShipmentAddress(
            address.Recipient, address.Line1, address.Line2, address.City, address.PostalCode, address.Country, address.Phone), prefix: ""));
        errors.Require(address.Phone is not null, "phone", AddressRules.PhoneError);
        errors.Optional(address.Comment, "comment");
        errors.ThrowIfAny();
    }

    private sealed class Errors(Dictionary<string, string[]>? initial = null)
    {
        private readonly Dictionary<string, string[]> _errors = initial ?? [];

        public void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                _errors[field] = [message];
            }
        }

        public void Optional(string? value, string field) =>
            Require(value is null || (value.Length <= MaxText && TextRules.Error(value, multiline: true) is null), field,
                $"At most {MaxText} characters, none of them a control character.");

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
            {
                throw new ValidationException(_errors);
            }
        }
    }

    [GenerateSerializer]
    public sealed record StoredAddress([property: Id(0)] Guid Id, [property: Id(1)] AddressDraft Address);

    [GenerateSerializer]
    public sealed class ProfileState
    {
        [Id(0)] public string AccountEmail { get; set; } = string.Empty;
        [Id(1)] public ProfileDetails Details { get; set; } = new(string.Empty, null, null, null, null);
        [Id(2)] public Preferences Preferences { get; set; } = Preferences.Default;
        [Id(3)] public List<StoredAddress> Addresses { get; set; } = [];
        [Id(4)] public Guid? DefaultAddressId { get; set; }
        [Id(5)] public long Version { get; set; }
        [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    }
}
