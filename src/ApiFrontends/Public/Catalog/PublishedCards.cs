using System.Text.Json;
using Marketplace.Catalog;
using Marketplace.Gateways.Identity;
using Marketplace.Recommendations;
using Marketplace.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateways.Public.Catalog;

/// <summary>
/// The JSON of the product cards this gateway served, each at the revision it was read at: a card is serialised once
/// per change instead of once per request, and the grain sends it only when it changed. Every request still asks the
/// product grain for its revision, so an edit, a stock change or a hidden card shows on the very next read; the
/// revision is the ETag, so a client's <c>If-None-Match</c> is answered 304 only when nothing it shows has changed.
/// </summary>
public sealed class PublishedCards(IOptions<JsonOptions> json) : IDisposable
{
    /// <summary>Cards kept per gateway (about a kilobyte each); the least used go first.</summary>
    public const int MaxCards = 20_000;

    private const long Unknown = -1;

    private readonly MemoryCache _cards = new(new MemoryCacheOptions { SizeLimit = MaxCards });

    public async Task<IResult> Read(HttpContext http, IGrainFactory grains, Guid productId)
    {
        var known = _cards.TryGetValue(productId, out Card? card) ? card!.Revision : Unknown;
        // A signed-in shopper's view is recorded for recommendations by the browsing grain; an anonymous read asks the
        // product itself, one grain call instead of two (bench product-by-id).
        var answer = http.User.SignedInUserId() is { } shopper
            ? await grains.GetGrain<IShopperBrowsingGrain>(0).ViewProduct(productId, shopper, known)
            : await grains.GetGrain<IProductGrain>(productId).GetPublishedSince(known);
        if (answer.Product is { } product)
        {
            card = new Card(answer.Revision, JsonSerializer.SerializeToUtf8Bytes(product, json.Value.SerializerOptions), $"\"{answer.Revision}\"");
            _cards.Set(productId, card, new MemoryCacheEntryOptions { Size = 1 });
        }
        http.Response.Headers.ETag = card!.ETag;
        return http.ClientHolds(card.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(card.Json, "application/json; charset=utf-8");
    }

    public void Dispose() => _cards.Dispose();

    private sealed record Card(long Revision, byte[] Json, string ETag);
}
