namespace Marketplace.External.PaymentGateway;

/// <summary>
/// The processor's test-mode cards: every Luhn-valid number is approved except these, which decline with a fixed
/// code so that tests can drive each failure path. The named payment methods save a client the tokenising call.
/// </summary>
public static class TestCards
{
    public const string Approved = "4242424242424242";

    public static IReadOnlyDictionary<string, string> Declines { get; } = new Dictionary<string, string>
    {
        ["4000000000000002"] = DeclineCodes.CardDeclined,
        ["4000000000009995"] = DeclineCodes.InsufficientFunds,
        ["4000000000009979"] = DeclineCodes.StolenCard,
        ["4000000000009987"] = DeclineCodes.LostCard,
        ["4000000000000069"] = DeclineCodes.ExpiredCard,
    };

    public static IReadOnlyDictionary<string, string> NamedPaymentMethods { get; } = new Dictionary<string, string>
    {
        ["pm_card_visa"] = Approved,
        ["pm_card_declined"] = "4000000000000002",
        ["pm_card_insufficient_funds"] = "4000000000009995",
        ["pm_card_stolen"] = "4000000000009979",
        ["pm_card_lost"] = "4000000000009987",
        ["pm_card_expired"] = "4000000000000069",
    };

    public static bool IsLuhnValid(string number)
    {
        if (number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}

public static class DeclineCodes
{
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string StolenCard = "stolen_card";
    public const string LostCard = "lost_card";
    public const string ExpiredCard = "expired_card";
}
