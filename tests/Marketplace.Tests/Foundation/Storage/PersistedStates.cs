using System.Reflection;
using Marketplace.Grains.Catalog;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>One <c>[PersistentState]</c> a grain class declares: what it stores, under which name, in which store.</summary>
public sealed record PersistedState(Type GrainClass, Type StateType, string StateName, string Store)
{
    public override string ToString() => $"{GrainClass.Name}.{StateName} ({StateType.Name})";
}

public static class PersistedStates
{
    /// <summary>Every persisted state of every grain in the grains assembly, found by reflection, so a new grain cannot be left out.</summary>
    public static IReadOnlyList<PersistedState> InGrainsAssembly() =>
    [
        .. typeof(ProductGrain).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(type))
            .SelectMany(grain => grain.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (grain, p)))
            .Select(x => (x.grain, x.p, attribute: x.p.GetCustomAttribute<PersistentStateAttribute>()))
            .Where(x => x.attribute is not null)
            .Select(x => new PersistedState(x.grain, x.p.ParameterType.GetGenericArguments().Single(), x.attribute!.StateName,
                x.attribute.StorageName ?? throw new InvalidOperationException($"{x.grain.Name} stores '{x.attribute.StateName}' in the default store, which the silo does not configure.")))
            .Distinct()
            .OrderBy(s => s.ToString(), StringComparer.Ordinal),
    ];
}
