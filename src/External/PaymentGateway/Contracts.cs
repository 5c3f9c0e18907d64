namespace Marketplace.External.PaymentGateway;

/// <summary>Amounts are in minor units (kopecks, cents) as every card processor's API has them.</summary>
public sealed record AuthorizeRequest(long Amount, string Currency, string PaymentMethod, string? Reference);

public sealed record AmountRequest(long? Amount);

public sealed record PaymentMethodRequest(string CardNumber, int ExpMonth, int ExpYear);

public sealed record PaymentMethodResponse(string Id, string Last4);

public sealed record AuthorizationResponse(
    string Id,
    string Status,
    long Amount,
    string Currency,
    long Captured,
    long Refunded,
    long Reversed,
    string? DeclineCode,
    string? Reference,
    string? Last4,
    DateTimeOffset CreatedAt);

public sealed record ApiError(string Code, string Message);

public static class AuthorizationStatuses
{
    public const string Authorized = "authorized";
    public const string Declined = "declined";

    /// <summary>Nothing is held any more and some captured money is still with the merchant.</summary>
    public const string Captured = "captured";

    /// <summary>Nothing is held any more: everything was captured, reversed or refunded.</summary>
    public const string Closed = "closed";
}
