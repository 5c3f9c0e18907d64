using Marketplace.Catalog;
using Marketplace.Grains.Moderation;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// Judges a product card: its shopper-facing text with the checks reviews use too (<see cref="ForbiddenContent"/>),
/// plus the words only cards may not use (<c>Catalog:Moderation:BannedWords</c>: counterfeit markers such as
/// "replica"), and its images, which must be the card's own uploads (a picture from elsewhere is unchecked bytes:
/// an advert, a phone number, someone else's photo). A card is clean or blocked; there is no "unsure" for cards.
/// Pure, so a redelivered event gets the same verdict.
/// </summary>
public sealed class ProductModerationRules(ForbiddenContent forbidden, IOptions<CatalogOptions> options)
{
    private readonly ForbiddenContent _forbidden = forbidden.With(options.Value.Moderation.BannedWords);

    /// <summary>
    /// Why the card may not be shown, for its seller to read; null when it is clean. <paramref name="uploadedImages"/>
    /// are the references of the images uploaded to this product.
    /// </summary>
    public string? Judge(ProductSnapshot product, IReadOnlyCollection<string> uploadedImages) =>
        _forbidden.Find(ShopperText.Of(product)) switch
        {
            { Kind: ForbiddenKind.BannedWord } banned => $"The product card uses a word the marketplace does not allow: \"{banned.Text}\".",
            { Kind: ForbiddenKind.Link } => "Product cards may not contain links or web addresses: shoppers buy through the marketplace.",
            { Kind: ForbiddenKind.Contact } => "Product cards may not contain phone numbers or e-mail addresses.",
            _ => product.Images.FirstOrDefault(image => !uploadedImages.Contains(image)) is { } foreign
                ? $"Product images must be uploaded to the product and listed by their media reference; \"{Shortened(foreign)}\" is not one of its images."
                : null,
        };

    private static string Shortened(string image) => image.Length <= 100 ? image : $"{image[..100]}…";
}
