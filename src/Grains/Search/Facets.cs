using Marketplace.Search;

namespace Marketplace.Grains.Search;

public static class Facets
{
    /// <summary>How many values of one facet a result lists.</summary>
    public const int Size = 20;

    /// <summary>The most frequent values first, ties by name, so every engine lists facets in the same order.</summary>
    public static IReadOnlyList<FacetCount> Top(IEnumerable<FacetCount> counts) =>
        counts.OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).Take(Size).ToList();
}
