using Marketplace.Common;
using Marketplace.Grains.ReadModels;
using Marketplace.Promotions;

namespace Marketplace.Grains.Promotions.Lists;

/// <summary>The Memory profile's code list: the same rows and version rule as the table, in one memory table grain.</summary>
public sealed class InMemoryPromoCodeListStore(IGrainFactory grains) : IPromoCodeListStore
{
    private static readonly Guid Scope = new("5b0e61f2-8a3c-4c7e-9d41-2f6a7c0b9e13");

    private IMemoryTableGrain<PromoCodeView> Table => grains.GetGrain<IMemoryTableGrain<PromoCodeView>>("promotions-codes");

    public Task ApplyAsync(PromoCodeView code, long revision, CancellationToken cancellationToken) => Table.Upsert(Key(code.Code), revision, code);

    public async Task ApplyCountsAsync(string code, int redeemed, int reserved, long revision, CancellationToken cancellationToken)
    {
        if (await Table.Find(Key(code)) is { } stored)
        {
            await Table.Upsert(Key(code), revision, stored.Row with { Redeemed = redeemed, Reserved = reserved });
        }
    }

    public async Task<PagedList<PromoCodeView>> PageAsync(int page, int pageSize, string? after, CancellationToken cancellationToken)
    {
        Paging.Validate(page, pageSize);
        var from = KeysetCursor.Decode<PromoCodePosition>(after);
        var codes = await Table.Rows();
        var ordered = codes.OrderByDescending(c => c.CreatedAt.UtcTicks).ThenByDescending(c => c.Code, StringComparer.Ordinal)
            .Where(c => from is null || c.CreatedAt.UtcTicks < from.Created || (c.CreatedAt.UtcTicks == from.Created && string.CompareOrdinal(c.Code, from.Code) < 0));
        return KeysetCursor.Page(KeysetCursor.Window(ordered, from is not null, page, pageSize), page, pageSize, codes.Count, PromoCodePosition.Of);
    }

    private static Guid Key(string code) => DeterministicGuid.Create(Scope, code);
}
