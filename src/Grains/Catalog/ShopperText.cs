using Marketplace.Catalog;

namespace Marketplace.Grains.Catalog;

/// <summary>
/// A card's text as shoppers read it (title, description, category, brand, attributes and variant attributes), one
/// value per line: what moderation judges, and what an edit must change to be judged again.
/// </summary>
internal static class ShopperText
{
    public static string Of(ProductDraft card) =>
        Join(card.Title, card.Description, card.Category, card.Brand, card.Attributes, card.Variants.Select(v => v.Attributes));

    public static string Of(ProductSnapshot card) =>
        Join(card.Title, card.Description, card.Category, card.Brand, card.Attributes, card.Variants.Select(v => v.Attributes));

    private static string Join(string title, string? description, string category, string? brand, IReadOnlyDictionary<string, string>? attributes,
        IEnumerable<IReadOnlyDictionary<string, string>?> variantAttributes) =>
        string.Join('\n', new[] { title, description, category, brand }
            .Concat(variantAttributes.Prepend(attributes).SelectMany(a => a ?? new Dictionary<string, string>()).Select(a => $"{a.Key}: {a.Value}"))
            .Where(line => !string.IsNullOrEmpty(line)));
}
