using Marketplace.Common;

namespace Marketplace.Payouts;

/// <summary>Reads of the seller ledger (stateless; key 0): a seller's balance, lines and monthly statement, and the operators' trial balance.</summary>
public interface ISellerLedgerGrain : IGrainWithIntegerKey
{
    Task<SellerBalance> Balance(Guid sellerId);

    /// <summary>The seller's lines, newest first; pass a page's <see cref="PagedList{T}.Next"/> as <paramref name="after"/>.</summary>
    Task<PagedList<LedgerLine>> Lines(Guid sellerId, int page, int pageSize, string? after);

    /// <summary>The seller's lines of one calendar month (UTC); a month after the current one is a ValidationException.</summary>
    Task<SellerStatement> Statement(Guid sellerId, int year, int month);

    Task<TrialBalance> TrialBalance();
}
