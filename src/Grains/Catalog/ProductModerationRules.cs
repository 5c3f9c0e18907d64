using Marketplace.Catalog;
using Marketplace.Grains.Moderation;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// Judges a product card's shopper-facing text with the checks reviews use too (<see cref="ForbiddenContent"/>),
/// plus the words only cards may not use (<c>Catalog:Moderation:BannedWords</c>: counterfeit markers such as
/// "replica"). A card is clean or blocked; there is no "unsure" for cards. Pure, so a redelivered event gets the same verdict.
/// </summary>
public sealed class ProductModerationRules(ForbiddenContent forbidden, IOptions<CatalogOptions> options)
{
    private readonly ForbiddenContent _forbidden = forbidden.With(options.Value.Moderation.BannedWords);

    /// <summary>Why the card may not be shown, for its seller to read; null when it is clean.</summary>
    public string? Judge(ProductSnapshot product) => _forbidden.Find(ShopperText.Of(product)) switch
    {
        { Kind: ForbiddenKind.BannedWord } banned => $"The product card uses a word the marketplace does not allow: \"{banned.Text}\".",
        { Kind: ForbiddenKind.Link } => "Product cards may not contain links or web addresses: shoppers buy through the marketplace.",
        { Kind: ForbiddenKind.Contact } => "Product cards may not contain phone numbers or e-mail addresses.",
        _ => null,
    };
}
