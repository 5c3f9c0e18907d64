using System.Collections.Concurrent;

namespace Marketplace.External.PaymentGateway;

/// <summary>
/// The processor's ledger, in memory only (it stands for the external party). One authorisation holds an amount
/// on the card; partial captures take from the hold, reversals give the rest of it back, refunds return captured money.
/// </summary>
public sealed class Processor(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Authorization> _authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _paymentMethods = new(StringComparer.Ordinal);

    public PaymentMethodResponse Tokenize(PaymentMethodRequest request)
    {
        var number = request.CardNumber.Replace(" ", "", StringComparison.Ordinal);
        if (!TestCards.IsLuhnValid(number))
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_number", "The card number is not valid.");
        }
        var id = $"pm_{Guid.NewGuid():N}";
        _paymentMethods[id] = number;
        return new PaymentMethodResponse(id, number[^4..]);
    }

    public (bool Approved, AuthorizationResponse Authorization) Authorize(AuthorizeRequest request)
    {
        if (request.Amount <= 0)
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_amount", "The amount must be positive.");
        }
        if (request.Currency is not { Length: 3 })
        {
            throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_currency", "The currency must be an ISO 4217 code.");
        }
        var number = TestCards.NamedPaymentMethods.GetValueOrDefault(request.PaymentMethod)
                     ?? _paymentMethods.GetValueOrDefault(request.PaymentMethod)
                     ?? throw new GatewayException(StatusCodes.Status400BadRequest, "invalid_payment_method", "Unknown payment method.");

        var declineCode = TestCards.Declines.GetValueOrDefault(number);
        var authorization = new Authorization($"auth_{Guid.NewGuid():N}", request.Amount, request.Currency.ToUpperInvariant(),
            request.Reference, number[^4..], declineCode, clock.GetUtcNow());
        _authorizations[authorization.Id] = authorization;
        return (declineCode is null, authorization.ToResponse());
    }

    public AuthorizationResponse Get(string id) => Find(id).ToResponse();

    public IReadOnlyList<AuthorizationResponse> FindByReference(string reference) =>
        _authorizations.Values.Where(a => a.Reference == reference).OrderBy(a => a.CreatedAt).Select(a => a.ToResponse()).ToList();

    public AuthorizationResponse Capture(string id, long? amount) => Find(id).Capture(amount);

    public AuthorizationResponse Reverse(string id, long? amount) => Find(id).Reverse(amount);

    public AuthorizationResponse Refund(string id, long? amount) => Find(id).Refund(amount);

    public void Reset()
    {
        _authorizations.Clear();
        _paymentMethods.Clear();
    }

    private Authorization Find(string id) =>
        _authorizations.GetValueOrDefault(id)
        ?? throw new GatewayException(StatusCodes.Status404NotFound, "not_found", $"No authorization {id}.");

    private sealed class Authorization(string id, long amount, string currency, string? reference, string last4, string? declineCode, DateTimeOffset createdAt)
    {
        private readonly Lock _lock = new();
        private long _captured;
        private long _refunded;
        private long _reversed;

        public string Id { get; } = id;
        public string? Reference { get; } = reference;
        public DateTimeOffset CreatedAt { get; } = createdAt;

        private long Held => amount - _captured - _reversed;

        public AuthorizationResponse Capture(long? requested)
        {
            lock (_lock)
            {
                var value = Validate(requested ?? Held, Held, "capture");
                _captured += value;
                return ToResponse();
            }
        }

        public AuthorizationResponse Reverse(long? requested)
        {
            lock (_lock)
            {
                var value = Validate(requested ?? Held, Held, "reverse");
                _reversed += value;
                return ToResponse();
            }
        }

        public AuthorizationResponse Refund(long? requested)
        {
            lock (_lock)
            {
                var refundable = _captured - _refunded;
                var value = Validate(requested ?? refundable, refundable, "refund");
                _refunded += value;
                return ToResponse();
            }
        }

        private long Validate(long requested, long limit, string operation)
        {
            if (declineCode is not null)
            {
                throw new GatewayException(StatusCodes.Status409Conflict, "authorization_declined", $"Cannot {operation} a declined authorization.");
            }
            if (requested <= 0 || requested > limit)
            {
                throw new GatewayException(StatusCodes.Status409Conflict, "amount_too_large", $"Cannot {operation} {requested}: {limit} is available.");
            }
            return requested;
        }

        public AuthorizationResponse ToResponse()
        {
            lock (_lock)
            {
                var status = declineCode is not null ? AuthorizationStatuses.Declined
                    : Held > 0 ? AuthorizationStatuses.Authorized
                    : _captured > _refunded ? AuthorizationStatuses.Captured
                    : AuthorizationStatuses.Closed;
                return new AuthorizationResponse(Id, status, amount, currency, _captured, _refunded, _reversed, declineCode, Reference, last4, CreatedAt);
            }
        }
    }
}

public sealed class GatewayException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
}
