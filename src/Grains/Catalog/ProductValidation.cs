using System.Text.RegularExpressions;
using Marketplace.Catalog;
using Marketplace.Common;

namespace Marketplace.Grains.Catalog;

/// <summary>Checks a product draft and names every offending field the way the JSON body spells it.</summary>
public static partial class ProductValidation
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 5000;
    public const int MaxBrand = 100;
    public const int MaxImages = 20;
    public const int MaxVariants = 100;
    public const int MaxAttributes = 50;
    public const int MaxBlockReason = 500;

    /// <summary>An operator's reason for blocking a product, which its seller reads.</summary>
    public static string BlockReason(string? reason) =>
        reason?.Trim() is { Length: > 0 and <= MaxBlockReason } trimmed
            ? trimmed
            : throw new ValidationException("reason", $"Give the seller a reason of 1 to {MaxBlockReason} characters.");

    public static void Validate(ProductDraft draft)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string error) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(error);

        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            Fail("title", "The title is required.");
        }
        else if (draft.Title.Length > MaxTitle)
        {
            Fail("title", $"The title is longer than {MaxTitle} characters.");
        }
        if (draft.Description?.Length > MaxDescription)
        {
            Fail("description", $"The description is longer than {MaxDescription} characters.");
        }
        if (string.IsNullOrWhiteSpace(draft.Category) || !Categories.IsLeaf(draft.Category))
        {
            Fail("category", Categories.Exists(draft.Category ?? "")
                ? $"'{draft.Category}' has subcategories; pick one of them."
                : $"Unknown category '{draft.Category}'.");
        }
        if (draft.Brand?.Length > MaxBrand)
        {
            Fail("brand", $"The brand is longer than {MaxBrand} characters.");
        }
        foreach (var (field, text, multiline) in new[] { ("title", draft.Title, false), ("description", draft.Description, true), ("brand", draft.Brand, false) })
        {
            if (TextRules.Error(text, multiline) is { } textError)
            {
                Fail(field, textError);
            }
        }
        ValidateAttributes(draft.Attributes, "attributes", Fail);

        var images = draft.Images ?? [];
        if (images.Count > MaxImages)
        {
            Fail("images", $"At most {MaxImages} images.");
        }
        for (var i = 0; i < images.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(images[i]) || images[i].Length > 2048 || TextRules.HasForbiddenCharacter(images[i], multiline: false))
            {
                Fail($"images[{i}]", "An image is a non-empty media id or URL of at most 2048 characters.");
            }
        }

        var variants = draft.Variants ?? [];
        if (variants.Count == 0)
        {
            Fail("variants", "A product needs at least one variant.");
        }
        else if (variants.Count > MaxVariants)
        {
            Fail("variants", $"At most {MaxVariants} variants.");
        }
        var skus = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var prefix = $"variants[{i}]";
            if (variant is null)
            {
                Fail(prefix, "A variant is required.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(variant.Sku) || !SkuPattern().IsMatch(variant.Sku))
            {
                Fail($"{prefix}.sku", "A SKU is 1-64 letters, digits, '-', '_' or '.'.");
            }
            else if (!skus.Add(variant.Sku))
            {
                Fail($"{prefix}.sku", $"Duplicate SKU '{variant.Sku}'.");
            }
            if (Amounts.PriceError(variant.Price) is { } priceError)
            {
                Fail($"{prefix}.price", priceError);
            }
            if (string.IsNullOrEmpty(variant.Currency) || !CurrencyPattern().IsMatch(variant.Currency))
            {
                Fail($"{prefix}.currency", "The currency is an ISO 4217 code such as RUB.");
            }
            if (Amounts.StockError(variant.Stock) is { } stockError)
            {
                Fail($"{prefix}.stock", stockError);
            }
            ValidateAttributes(variant.Attributes, $"{prefix}.attributes", Fail);
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private static void ValidateAttributes(IReadOnlyDictionary<string, string>? attributes, string field, Action<string, string> fail)
    {
        if (attributes is null)
        {
            return;
        }
        if (attributes.Count > MaxAttributes)
        {
            fail(field, $"At most {MaxAttributes} attributes.");
        }
        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || value is null || value.Length > 256)
            {
                fail(field, $"Attribute '{name}': a name of 1-64 characters and a value of at most 256.");
            }
            else if ((TextRules.Error(name) ?? TextRules.Error(value)) is { } textError)
            {
                fail(field, textError);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
