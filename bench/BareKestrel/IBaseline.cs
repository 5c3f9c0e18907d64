namespace Marketplace.Bench.BareKestrel;

/// <summary>
/// The bare twin of one gateway endpoint: same route, same status, a JSON body of the same shape and size,
/// produced without the cluster. Any non-abstract implementation in this assembly is mapped at start-up.
/// </summary>
public interface IBaseline
{
    void Map(IEndpointRouteBuilder endpoints);
}

internal static class Baselines
{
    public static IEnumerable<IBaseline> Discover() =>
        typeof(IBaseline).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBaseline).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IBaseline)Activator.CreateInstance(t)!);
}
