using Marketplace.Common;

namespace Marketplace.Returns;

/// <summary>
/// One return of goods from a delivered sub-order (key: <see cref="ReturnIds.ForRequest"/>): requested by the shopper,
/// decided by the seller (by an operator in a dispute, or automatically), carried back by logistics, received by the
/// seller and refunded through the order's payment (docs/returns.md). Every change that expects a version is refused
/// with VersionMismatchException (412) when the return moved on since it was read.
/// </summary>
public interface IReturnGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Opens the return. Repeating it with the same request returns the return as it is; ConflictException when the same
    /// idempotency key comes with another request, when the sub-order is not delivered, its return window has closed, or
    /// its units are already being returned; NotFoundException when the sub-order is not the shopper's.
    /// </summary>
    Task<ReturnView> Request(RequestReturn command);

    /// <summary>For in-cluster callers and operators; NotFoundException when it was never requested.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ReturnView> Get();

    /// <summary>The return for its shopper or its seller; NotFoundException for anybody else, so ids cannot be probed.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ReturnView> GetFor(ReturnParty party, Guid partyId);

    /// <summary>The seller approves or rejects (a reason is required to reject) before its deadline.</summary>
    Task<ReturnView> Decide(Guid sellerId, bool approve, string? reason, long expectedVersion);

    /// <summary>The shopper disputes the seller's rejection, once; an operator then decides.</summary>
    Task<ReturnView> Dispute(Guid shopperId, string reason);

    /// <summary>An operator decides a requested or disputed return, for good.</summary>
    Task<ReturnView> Arbitrate(Guid operatorId, bool approve, string reason);

    /// <summary>The seller has the parcel back and says whether the goods can be sold again; the refund follows.</summary>
    Task<ReturnView> ConfirmReceipt(Guid sellerId, bool resellable, string? note, long expectedVersion);

    /// <summary>Logistics: the return parcel left the shopper (courier pick-up, or the carrier's label is issued).</summary>
    Task OnParcelHandedOver(Guid shipmentId, string? trackingNumber);

    /// <summary>Logistics: the return parcel reached the seller.</summary>
    Task OnParcelDelivered(Guid shipmentId, DateTimeOffset deliveredAt);

    /// <summary>Logistics: the return parcel could not be collected or delivered; another one is arranged.</summary>
    Task OnParcelFailed(Guid shipmentId, string reason);
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReturnParty>))]
public enum ReturnParty
{
    Shopper,
    Seller,
}

/// <summary>
/// A shopper's and a seller's returns, newest first, read from their projection table (docs/returns.md). A stateless
/// worker: use key 0. <c>after</c> is a page's <see cref="PagedList{T}.Next"/> (keyset paging).
/// </summary>
public interface IReturnListsGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<PagedList<ReturnSummary>> Page(ReturnParty party, Guid partyId, int page, int pageSize, string? after = null);
}
