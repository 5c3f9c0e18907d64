namespace Marketplace.Catalog;

[GenerateSerializer, Immutable]
public sealed record Category(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? ParentId);

/// <summary>
/// The fixed category tree. A product sits in a leaf; a listing of an inner category shows its leaves' products.
/// Ids are paths ("electronics/phones") so a product's ancestors are its id's prefixes.
/// </summary>
public static class Categories
{
    public static IReadOnlyList<Category> All { get; } = Build(
        ("electronics", "Electronics", ["phones", "laptops", "audio", "accessories"]),
        ("clothing", "Clothing", ["women", "men", "kids", "shoes"]),
        ("home", "Home", ["kitchen", "furniture", "textiles", "lighting"]),
        ("beauty", "Beauty", ["skincare", "makeup", "fragrance"]),
        ("sports", "Sports", ["fitness", "outdoor", "cycling"]),
        ("books", "Books", ["fiction", "non-fiction", "children"]),
        ("toys", "Toys", ["construction", "dolls", "games"]));

    private static readonly Dictionary<string, Category> ById = All.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static IEnumerable<Category> Leaves => All.Where(c => c.ParentId is not null);

    public static bool Exists(string id) => ById.ContainsKey(id);

    public static bool IsLeaf(string id) => ById.TryGetValue(id, out var c) && c.ParentId is not null;

    /// <summary>The category itself and every ancestor, leaf first.</summary>
    public static IEnumerable<string> SelfAndAncestors(string id)
    {
        for (var current = ById.GetValueOrDefault(id); current is not null; current = current.ParentId is { } parent ? ById[parent] : null)
        {
            yield return current.Id;
        }
    }

    private static IReadOnlyList<Category> Build(params (string Id, string Name, string[] Leaves)[] roots) =>
        roots.SelectMany(r => r.Leaves
                .Select(leaf => new Category($"{r.Id}/{leaf}", Title(leaf), r.Id))
                .Prepend(new Category(r.Id, r.Name, null)))
            .ToList();

    private static string Title(string slug) => char.ToUpperInvariant(slug[0]) + slug[1..].Replace('-', ' ');
}
