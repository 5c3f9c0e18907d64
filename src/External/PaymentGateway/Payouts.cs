using System.Collections.Concurrent;

namespace Marketplace.External.PaymentGateway;

/// <summary>Where a payout goes: the seller's bank account.</summary>
public sealed record PayoutDestination(string BankName, string AccountNumber, string BankCode);

/// <summary><paramref name="Reference"/> is the marketplace's payout id: reconciliation finds a payout by it.</summary>
public sealed record PayoutRequest(long Amount, string Currency, string Reference, PayoutDestination Destination);

public sealed record PayoutResponse(string Id, string Status, long Amount, string Currency, string Reference, string? FailureCode, DateTimeOffset CreatedAt);

public static class PayoutStatuses
{
    public const string Paid = "paid";

    /// <summary>The receiving bank refused it; nothing left the processor.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// The test-mode bank accounts: a payout to any account is paid at once except to these, which the receiving bank
/// refuses with a fixed code, as the test cards decline, so tests can drive a failed payout.
/// </summary>
public static class TestBankAccounts
{
    public static IReadOnlyDictionary<string, string> Refused { get; } = new Dictionary<string, string>
    {
        ["40702810000000000002"] = "account_closed",
        ["40702810000000000003"] = "account_frozen",
    };
}

/// <summary>Payouts to sellers' bank accounts out of the marketplace's balance at the processor, in memory like everything here.</summary>
public sealed class PayoutBook(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PayoutResponse> _payouts = new(StringComparer.Ordinal);

    /// <summary>A paid payout, or a refused one (false), both kept: the answer is definite either way.</summary>
    public (bool Paid, PayoutResponse Payout) Create(PayoutRequest request)
    {
        if (request.Amount <= 0)
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_amount", "The amount must be positive.");
        }
        if (request.Currency is not { Length: 3 })
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_currency", "The currency must be an ISO 4217 code.");
        }
        if (string.IsNullOrWhiteSpace(request.Reference) || request.Destination is not { AccountNumber.Length: > 0 })
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_payout", "A payout needs a reference and a destination account.");
        }
        var refused = TestBankAccounts.Refused.GetValueOrDefault(request.Destination.AccountNumber);
        var payout = new PayoutResponse($"po_{Guid.NewGuid():N}", refused is null ? PayoutStatuses.Paid : PayoutStatuses.Failed, request.Amount,
            request.Currency.ToUpperInvariant(), request.Reference, refused, clock.GetUtcNow());
        _payouts[payout.Id] = payout;
        return (refused is null, payout);
    }

    public PayoutResponse Get(string id) =>
        _payouts.GetValueOrDefault(id) ?? throw new GatewayException(StatusCodes.Status404NotFound, "not_found", $"No payout {id}.");

    public IReadOnlyList<PayoutResponse> FindByReference(string reference) =>
        _payouts.Values.Where(p => p.Reference == reference).OrderBy(p => p.CreatedAt).ToList();

    public void Reset() => _payouts.Clear();

    /// <summary>The payout endpoints: POST (Idempotency-Key, 201 paid, 402 refused), GET by id, GET by reference.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/payouts", (PayoutRequest request, PayoutBook book) =>
        {
            var (paid, payout) = book.Create(request);
            return paid
                ? Results.Created($"/v1/payouts/{payout.Id}", payout)
                : Results.Json(payout, statusCode: StatusCodes.Status402PaymentRequired);
        });
        api.MapGet("/payouts/{id}", (string id, PayoutBook book) => Results.Ok(book.Get(id)));
        api.MapGet("/payouts", (string reference, PayoutBook book) => Results.Ok(book.FindByReference(reference)));
    }
}
