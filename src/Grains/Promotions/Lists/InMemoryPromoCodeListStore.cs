using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions.Lists;

/// <summary>The Memory profile's code list: the same rows, order and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryPromoCodeListStore(IGrainFactory grains)
    : MemoryRowStore<PromoCodeListRow>(grains, "promotions-codes", r => Key(r.Code.Code), r => r.Revision), IPromoCodeListStore
{
    private static readonly Guid Scope = new("5b0e61f2-8a3c-4c7e-9d41-2f6a7c0b9e13");

    public Task ApplyAsync(PromoCodeView code, long revision, CancellationToken cancellationToken) =>
        ApplyAsync(new PromoCodeListRow(code, revision), replaceSameVersion: false, cancellationToken);

    public async Task ApplyCountsAsync(string code, int redeemed, int reserved, long revision, CancellationToken cancellationToken)
    {
        if (await FindAsync(Key(code), cancellationToken) is { } stored)
        {
            await ApplyAsync(new PromoCodeListRow(stored.Code with { Redeemed = redeemed, Reserved = reserved }, revision), replaceSameVersion: false, cancellationToken);
        }
    }

    public async Task<PagedList<PromoCodeView>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var listed = (await RowsAsync()).Select(r => r.Code).ToList();
        return KeysetCursor.PageInMemory<PromoCodeView, PromoCodePosition>(listed, page, pageSize, after, (codes, from) => codes
            .OrderByDescending(c => c.CreatedAt.UtcTicks).ThenByDescending(c => c.Code, StringComparer.Ordinal)
            .Where(c => from is null || c.CreatedAt.UtcTicks < from.Created || (c.CreatedAt.UtcTicks == from.Created && string.CompareOrdinal(c.Code, from.Code) < 0)),
            PromoCodePosition.Of);
    }

    private static Guid Key(string code) => DeterministicGuid.Create(Scope, code);
}
