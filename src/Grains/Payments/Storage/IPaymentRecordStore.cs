namespace Marketplace.Grains.Payments.Storage;

/// <summary>
/// Where payment records live: the original design keeps payments in MongoDB; this deployment runs them on
/// PostgreSQL. Every implementation passes the same contract tests.
/// </summary>
public interface IPaymentRecordStore
{
    Task<PaymentRecord?> Find(Guid paymentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the record if nobody saved it since it was read at <see cref="PaymentRecord.Version"/> (0: it must
    /// not exist yet), then bumps the version; otherwise throws <see cref="PaymentRecordConflictException"/>.
    /// </summary>
    Task Save(PaymentRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every payment of an order, oldest first (for support and reconciliation).</summary>
    Task<IReadOnlyList<PaymentRecord>> FindByOrder(Guid orderId, CancellationToken cancellationToken = default);
}

public sealed class PaymentRecordConflictException(Guid paymentId, long expectedVersion)
    : Exception($"Payment {paymentId} was saved by somebody else since version {expectedVersion} was read.");
