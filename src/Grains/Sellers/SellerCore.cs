using System.Net.Mail;
using Marketplace.Common;
using Marketplace.Grains.Common;
using Marketplace.Grains.Moderation;
using Marketplace.Sellers;
using State = Marketplace.Grains.Sellers.SellerGrain.SellerState;

namespace Marketplace.Grains.Sellers;

/// <summary>What may be asked of a seller's account.</summary>
public abstract record SellerCommand;

public sealed record OnboardSeller(SellerApplication Application, DateTimeOffset At) : SellerCommand;

public sealed record EditSellerProfile(long ExpectedVersion, SellerApplication Application, DateTimeOffset At) : SellerCommand;

public sealed record ChangeSellerStatus(SellerStatus Status, string? Reason, DateTimeOffset At) : SellerCommand;

/// <summary>What happened to the account; each is a new version and one SellerChanged.</summary>
public abstract record SellerEvent;

public sealed record SellerOnboarded(SellerApplication Details, DateTimeOffset At) : SellerEvent;

public sealed record SellerProfileEdited(SellerApplication Details, DateTimeOffset At) : SellerEvent;

public sealed record SellerStatusChanged(SellerStatus Status, string? Reason, DateTimeOffset At) : SellerEvent;

/// <summary>Signs the seller out everywhere (a seller account is its user, same id): what a suspension owes.</summary>
[GenerateSerializer, Immutable]
public sealed record RevokeSellerSessions : IAggregateEffect;

/// <summary>
/// The seller account's rules, without I/O: onboarding once (a repeat of the same application decides nothing),
/// profile edits by version, status pending → active ⇄ suspended. The display name is public (storefront, search,
/// every product page), so it gets the checks every shopper-facing text gets, at once rather than judged later.
/// </summary>
public static class SellerCore
{
    public static IReadOnlyList<SellerEvent> Decide(State state, Guid sellerId, SellerCommand command, ForbiddenContent forbidden)
    {
        switch (command)
        {
            case OnboardSeller onboard:
                var application = SellerApplications.Normalize(onboard.Application);
                if (state.Details is { } existing)
                {
                    return existing == application ? [] : throw new ConflictException("This seller is already onboarded; edit the profile instead.");
                }
                SellerApplications.Validate(application, forbidden);
                return [new SellerOnboarded(application, onboard.At)];
            case EditSellerProfile edit:
                Onboarded(state, sellerId);
                if (edit.ExpectedVersion != state.Version)
                {
                    throw new VersionMismatchException(edit.ExpectedVersion, state.Version);
                }
                var edited = SellerApplications.Normalize(edit.Application);
                SellerApplications.Validate(edited, forbidden);
                return [new SellerProfileEdited(edited, edit.At)];
            case ChangeSellerStatus change:
                EnumRules.Defined(change.Status, "status");
                Onboarded(state, sellerId);
                if (change.Status == state.Status)
                {
                    return [];
                }
                return change.Status == SellerStatus.Pending
                    ? throw new ConflictException("A seller cannot go back to pending.")
                    : [new SellerStatusChanged(change.Status, string.IsNullOrWhiteSpace(change.Reason) ? null : change.Reason.Trim(), change.At)];
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "Not a seller command.");
        }
    }

    public static void Apply(State state, SellerEvent happened)
    {
        switch (happened)
        {
            case SellerOnboarded onboarded:
                (state.Details, state.Status, state.Version, state.CreatedAt) = (onboarded.Details, SellerStatus.Pending, 0, onboarded.At);
                break;
            case SellerProfileEdited edited:
                state.Details = edited.Details;
                break;
            case SellerStatusChanged changed:
                (state.Status, state.StatusReason) = (changed.Status, changed.Reason);
                break;
        }
        state.Version++;
        state.UpdatedAt = happened switch
        {
            SellerOnboarded e => e.At,
            SellerProfileEdited e => e.At,
            SellerStatusChanged e => e.At,
            _ => state.UpdatedAt,
        };
    }

    /// <summary>What an event owes beyond its SellerChanged.</summary>
    public static IEnumerable<IAggregateEffect> Effects(SellerEvent happened) =>
        happened is SellerStatusChanged { Status: SellerStatus.Suspended } ? [new RevokeSellerSessions()] : [];

    public static SellerProfile Profile(State state, Guid sellerId) =>
        new(sellerId, Onboarded(state, sellerId), state.Status, state.StatusReason, state.Version, state.CreatedAt, state.UpdatedAt);

    private static SellerApplication Onboarded(State state, Guid sellerId) =>
        state.Details ?? throw new NotFoundException($"Seller {sellerId} has not onboarded.");
}

/// <summary>How a seller's application is read: trimmed, then checked field by field (RFC 7807 names as in the JSON body).</summary>
public static class SellerApplications
{
    public static SellerApplication Normalize(SellerApplication a) => new(
        a.DisplayName?.Trim() ?? "",
        a.LegalName?.Trim() ?? "",
        a.TaxId?.Trim() ?? "",
        new PayoutDetails(a.Payout?.BankName?.Trim() ?? "", a.Payout?.AccountNumber?.Trim() ?? "", a.Payout?.BankCode?.Trim() ?? ""),
        new SellerContact(a.Contact?.Email?.Trim() ?? "", string.IsNullOrWhiteSpace(a.Contact?.Phone) ? null : a.Contact.Phone.Trim()));

    public static void Validate(SellerApplication a, ForbiddenContent forbidden)
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
        var nameRefused = forbidden.Find(a.DisplayName) switch
        {
            { Kind: ForbiddenKind.BannedWord } banned => $"The display name uses a word the marketplace does not allow: \"{banned.Text}\".",
            { Kind: ForbiddenKind.Link } => "A display name may not contain links or web addresses.",
            { Kind: ForbiddenKind.Contact } => "A display name may not contain phone numbers or e-mail addresses.",
            _ => null,
        };
        if (nameRefused is not null)
        {
            throw new ValidationException("displayName", nameRefused);
        }
    }
}
