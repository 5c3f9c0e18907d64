using Marketplace.Common;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions.Lists;

/// <summary>
/// The operators' list of promo codes, <c>promotions_codes</c> (migration 0831): one row per code with its terms (as of
/// its last definition change), its redemption counters and the code's revision it was written from, so an older or
/// repeated event changes nothing. Listed newest first.
/// </summary>
public interface IPromoCodeListStore
{
    /// <summary>Writes the code's row from a definition change (terms and counters).</summary>
    Task ApplyAsync(PromoCodeView code, long revision, CancellationToken cancellationToken);

    /// <summary>Moves the counters of a listed code, from a redemption at <paramref name="revision"/>.</summary>
    Task ApplyCountsAsync(string code, int redeemed, int reserved, long revision, CancellationToken cancellationToken);

    /// <summary>Codes newest first (then by code), keyset paged by <paramref name="after"/>.</summary>
    Task<PagedList<PromoCodeView>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken);
}

/// <summary>One code's row in the Memory profile's list: its view and the code's revision it was written from.</summary>
[GenerateSerializer, Immutable]
public sealed record PromoCodeListRow(
    [property: Id(0)] PromoCodeView Code,
    [property: Id(1)] long Revision);

/// <summary>Where a keyset page of codes resumes: the last code's creation (UTC ticks) and the code.</summary>
public sealed record PromoCodePosition(long Created, string Code)
{
    public static PromoCodePosition Of(PromoCodeView code) => new(code.CreatedAt.UtcTicks, code.Code);
}
