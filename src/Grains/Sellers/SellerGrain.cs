using System.Net.Mail;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Identity;
using Marketplace.Sellers;
using Marketplace.Sellers.Events;

namespace Marketplace.Grains.Sellers;

/// <summary>A seller's profile and standing; each change is written with its <see cref="SellerChanged"/> event (<see cref="AggregateGrain"/>).</summary>
public sealed class SellerGrain(
    [PersistentState("seller", StorageNames.Sellers)] IPersistentState<SellerGrain.SellerState> state,
    ForbiddenContent forbidden,
    OutboxRuntime outbox)
    : AggregateGrain(outbox), ISellerGrain
{
    private SellerState State => state.State;

    protected override EventOutbox Outbox => State.Outbox;

    protected override Task WriteStateAsync() => state.WriteStateAsync();

    private Guid SellerId => this.GetPrimaryKey();

    public async Task<SellerProfile> Onboard(SellerApplication application)
    {
        var normalized = Normalize(application);
        if (State.Details is { } existing)
        {
            return existing == normalized
                ? Profile
                : throw new ConflictException("This seller is already onboarded; edit the profile instead.");
        }
        Validate(normalized);
        RefuseForbiddenDisplayName(normalized.DisplayName);

        var now = Clock.GetUtcNow();
        State.Details = normalized;
        State.Status = SellerStatus.Pending;
        State.Version = 1;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await Save();
        return Profile;
    }

    public Task<SellerProfile> Get() => Task.FromResult(Profile);

    public Task<SellerPublicProfile> GetPublic() =>
        State.Details is { } details && State.Status == SellerStatus.Active
            ? Task.FromResult(new SellerPublicProfile(SellerId, details.DisplayName, State.Status))
            : throw NotFound();

    public async Task<SellerProfile> Edit(long expectedVersion, SellerApplication application)
    {
        _ = Profile;
        if (expectedVersion != State.Version)
        {
            throw new VersionMismatchException(expectedVersion, State.Version);
        }
        var normalized = Normalize(application);
        Validate(normalized);
        RefuseForbiddenDisplayName(normalized.DisplayName);

        State.Details = normalized;
        State.Version++;
        State.UpdatedAt = Clock.GetUtcNow();
        await Save();
        return Profile;
    }

    public async Task<SellerProfile> ChangeStatus(SellerStatus status, string? reason)
    {
        EnumRules.Defined(status, "status");
        _ = Profile;
        if (status == State.Status)
        {
            return Profile;
        }
        if (status == SellerStatus.Pending)
        {
            throw new ConflictException("A seller cannot go back to pending.");
        }

        State.Status = status;
        State.StatusReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        State.Version++;
        State.UpdatedAt = Clock.GetUtcNow();
        await Save();
        if (status == SellerStatus.Suspended)
        {
            // A seller account is its user (same id): a suspension signs the seller out everywhere at once.
            await GrainFactory.GetGrain<IUserSessionsGrain>(SellerId).RevokeAll();
        }
        return Profile;
    }

    public Task<SellerStatus?> GetStatus() =>
        Task.FromResult(State.Details is null ? (SellerStatus?)null : State.Status);

    private SellerProfile Profile => State.Details is { } details
        ? new SellerProfile(SellerId, details, State.Status, State.StatusReason, State.Version, State.CreatedAt, State.UpdatedAt)
        : throw NotFound();

    private Task Save()
    {
        Raise(StreamNames.Sellers, SellerId.ToString(), new SellerChanged(SellerId, State.Details!.DisplayName, State.Status, State.Version, State.UpdatedAt));
        return Commit();
    }

    /// <summary>
    /// The display name is public (storefront, search, every product page), so it gets the checks every shopper-facing
    /// text gets. Refused at once rather than judged later: a seller's own name has no reason to wait for a verdict.
    /// </summary>
    private void RefuseForbiddenDisplayName(string displayName)
    {
        var reason = forbidden.Find(displayName) switch
        {
            { Kind: ForbiddenKind.BannedWord } banned => $"The display name uses a word the marketplace does not allow: \"{banned.Text}\".",
            { Kind: ForbiddenKind.Link } => "A display name may not contain links or web addresses.",
            { Kind: ForbiddenKind.Contact } => "A display name may not contain phone numbers or e-mail addresses.",
            _ => null,
        };
        if (reason is not null)
        {
            throw new ValidationException("displayName", reason);
        }
    }

    private NotFoundException NotFound() => new($"Seller {SellerId} has not onboarded.");

    private static SellerApplication Normalize(SellerApplication a) => new(
        a.DisplayName?.Trim() ?? "",
        a.LegalName?.Trim() ?? "",
        a.TaxId?.Trim() ?? "",
        new PayoutDetails(a.Payout?.BankName?.Trim() ?? "", a.Payout?.AccountNumber?.Trim() ?? "", a.Payout?.BankCode?.Trim() ?? ""),
        new SellerContact(a.Contact?.Email?.Trim() ?? "", string.IsNullOrWhiteSpace(a.Contact?.Phone) ? null : a.Contact.Phone.Trim()));

    private static void Validate(SellerApplication a)
    {
        var errors = new Dictionary<string, string[]>();
        void Require(string field, string value, int max)
        {
            if (value.Length == 0)
            {
                errors[field] = ["This field is required."];
            }
            else if (value.Length > max)
            {
                errors[field] = [$"At most {max} characters."];
            }
            else if (TextRules.Error(value) is { } textError)
            {
                errors[field] = [textError];
            }
        }

        Require("displayName", a.DisplayName, 100);
        Require("legalName", a.LegalName, 200);
        Require("payout.bankName", a.Payout.BankName, 200);
        Require("payout.accountNumber", a.Payout.AccountNumber, 34);
        Require("payout.bankCode", a.Payout.BankCode, 11);
        Require("contact.email", a.Contact.Email, 254);
        // Russian INN: 10 digits for a company, 12 for an individual entrepreneur.
        if (a.TaxId.Length is not (10 or 12) || !a.TaxId.All(char.IsAsciiDigit))
        {
            errors["taxId"] = ["A tax id (INN) is 10 or 12 digits."];
        }
        if (!errors.ContainsKey("payout.accountNumber") && !a.Payout.AccountNumber.All(char.IsAsciiLetterOrDigit))
        {
            errors["payout.accountNumber"] = ["Letters and digits only."];
        }
        if (!errors.ContainsKey("contact.email") && !MailAddress.TryCreate(a.Contact.Email, out _))
        {
            errors["contact.email"] = ["Not an e-mail address."];
        }
        if (a.Contact.Phone is { Length: > 32 } || TextRules.Error(a.Contact.Phone) is not null)
        {
            errors["contact.phone"] = ["At most 32 characters on one line."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    [GenerateSerializer]
    public sealed class SellerState
    {
        [Id(0)] public SellerApplication? Details { get; set; }
        [Id(1)] public SellerStatus Status { get; set; }
        [Id(2)] public string? StatusReason { get; set; }
        [Id(3)] public long Version { get; set; }
        [Id(4)] public DateTimeOffset CreatedAt { get; set; }
        [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
        [Id(6)] public EventOutbox Outbox { get; set; } = new();
    }
}
