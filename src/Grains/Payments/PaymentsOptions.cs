using Marketplace.Grains.Common;

namespace Marketplace.Grains.Payments;

/// <summary>Bound from the <c>Payments</c> section.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    /// <summary>Base address of the external card processor (the Marketplace.External.PaymentGateway service).</summary>
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:5400/");

    /// <summary>One HTTP attempt gives up after this long.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>All of one call's quick HTTP retries give up after this long; the call then goes to the slow retry path.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quick retries of one call inside the HTTP pipeline.</summary>
    public int QuickRetries { get; set; } = 2;

    /// <summary>How long the circuit stays open once the processor failed too often; calls meanwhile go straight to the slow path.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Slow path: the first wait before an unanswered operation is tried again; it doubles each time up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Slow path: after this many tries an authorisation fails for good (a capture or refund keeps trying: that money is owed).</summary>
    public int MaxAuthoriseAttempts { get; set; } = 6;

    public DocumentStoreKind Store { get; set; } = DocumentStoreKind.Auto;

    /// <summary>PostgreSQL database of the payments store; defaults to the silo's <c>Storage:Stores:payments</c>, then <c>Storage:Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>MongoDB URL of the payments store, for instance <c>mongodb://127.0.0.1:27017/marketplace</c> (the database is taken from the URL).</summary>
    public string? MongoConnectionString { get; set; }

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
