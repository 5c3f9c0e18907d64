using Orleans.Concurrency;

namespace Marketplace.Payments;

/// <summary>
/// One payment of one order (key: the payment id) against the external card processor. Every money movement is
/// an operation with its own id, so any call may be repeated after a crash or a timeout and still moves money once.
/// While the processor is unreachable an operation stays pending and is retried with back-off by a reminder.
/// </summary>
public interface IPaymentGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Asks the processor to hold the amount on the card. Answers Authorised or Declined when the processor
    /// answered, Pending when it could not be reached (the owner is told through <see cref="IPaymentOwner"/>
    /// once it is settled). Repeating it returns the payment as it is.
    /// </summary>
    Task<PaymentView> Authorise(AuthorisePayment command);

    /// <summary>Takes part of the held amount (one seller's sub-order, <paramref name="operationId"/>) as the merchant's money.</summary>
    Task<PaymentView> Capture(Guid operationId, long amountMinor);

    /// <summary>Gives part of the held, uncaptured amount back to the card (a cancelled or undeliverable sub-order).</summary>
    Task<PaymentView> Release(Guid operationId, long amountMinor);

    /// <summary>Returns captured money to the card.</summary>
    Task<PaymentView> Refund(Guid operationId, long amountMinor);

    /// <summary>
    /// The owner gives up on the payment (the order timed out or was cancelled before it was paid): retries stop,
    /// and whatever the processor holds is released. Repeating it is a no-op.
    /// </summary>
    Task<PaymentView> Abandon(string reason);

    /// <summary>NotFoundException when the payment was never created.</summary>
    Task<PaymentView> Get();
}

/// <summary>The grain that owns a payment (the order, keyed by the payment's <see cref="AuthorisePayment.OrderId"/>) learns a late outcome here.</summary>
public interface IPaymentOwner : IGrainWithGuidKey
{
    /// <summary>One-way, so a payment never waits on its owner while the owner may be waiting on it.</summary>
    [OneWay]
    Task OnPaymentSettled(PaymentView payment);
}
