namespace Marketplace.Bench.Scenarios;

public static class ScenarioCatalog
{
    /// <summary>Every scenario in this assembly, by name.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
        typeof(IScenario).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t))
            .Select(t => (IScenario)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Scenarios whose name contains any of the comma-separated words (case-insensitive); all when empty.</summary>
    public static IReadOnlyList<IScenario> Select(string? filter)
    {
        var words = (filter ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var selected = words.Length == 0 || words.Contains("all", StringComparer.OrdinalIgnoreCase)
            ? All
            : All.Where(s => words.Any(w => s.Name.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
        return selected.Count > 0
            ? selected
            : throw new ArgumentException($"no scenario matches '{filter}'; known: {string.Join(", ", All.Select(s => s.Name))}");
    }

    /// <summary>The gateways the scenarios measure or set up against.</summary>
    public static IReadOnlyList<GatewayKind> GatewaysNeeded(IEnumerable<IScenario> scenarios) =>
        scenarios.SelectMany(s => s.SetupGateways.Append(s.Gateway)).Distinct().Order().ToList();
}
