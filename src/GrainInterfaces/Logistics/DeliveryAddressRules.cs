using Marketplace.Common;

namespace Marketplace.Logistics;

/// <summary>
/// What a delivery address must hold for a parcel to be registered with the carrier. The one rule for addresses: the
/// checkout applies it before an order is placed (so no paid order has a shipment that can never leave), the shipment
/// applies it again, and a shopper's saved addresses follow it too.
/// </summary>
public static class DeliveryAddressRules
{
    public const int MaxText = 200;

    public const string PhoneError = "A phone number of 7 to 15 digits, such as +79991234567.";

    /// <summary>
    /// Every fault of <paramref name="address"/>, keyed <c>{prefix}.{field}</c> (<c>address.postalCode</c>), or by the
    /// field alone when <paramref name="prefix"/> is empty; an empty dictionary when the address is deliverable.
    /// </summary>
    public static Dictionary<string, string[]> Errors(DeliveryAddress? address, string prefix = "address")
    {
        var errors = new Dictionary<string, string[]>();
        if (address is null)
        {
            errors[prefix.Length > 0 ? prefix : "address"] = ["A delivery address is required."];
            return errors;
        }
        void Check(string field, string? error)
        {
            if (error is not null)
            {
                errors[prefix.Length > 0 ? $"{prefix}.{field}" : field] = [error];
            }
        }
        Check("recipient", RequiredText(address.Recipient));
        Check("line1", RequiredText(address.Line1));
        Check("line2", address.Line2 is null ? null : OptionalText(address.Line2));
        Check("city", RequiredText(address.City));
        Check("postalCode", address.PostalCode is { Length: >= 3 and <= 12 } code && code.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')
            ? null
            : "3 to 12 letters, digits, spaces or dashes.");
        Check("country", address.Country is { Length: 2 } country && country.All(char.IsAsciiLetterUpper)
            ? null
            : "An ISO 3166-1 alpha-2 country code such as RU.");
        Check("phone", address.Phone is null || IsPhone(address.Phone) ? null : PhoneError);
        return errors;
    }

    /// <summary>Throws a ValidationException naming every fault of the address.</summary>
    public static void Validate(DeliveryAddress? address, string prefix = "address")
    {
        var errors = Errors(address, prefix);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    /// <summary>A phone number as people write it: an optional leading +, then 7 to 15 digits, optionally grouped by spaces, dashes or brackets.</summary>
    public static bool IsPhone(string phone) =>
        phone.Length <= 24
        && phone.Skip(phone.StartsWith('+') ? 1 : 0).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')')
        && phone.Count(char.IsAsciiDigit) is >= 7 and <= 15;

    private static string? RequiredText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? $"1 to {MaxText} characters." : OptionalText(text);

    private static string? OptionalText(string text) =>
        text.Length > MaxText ? $"At most {MaxText} characters." : TextRules.Error(text);
}
