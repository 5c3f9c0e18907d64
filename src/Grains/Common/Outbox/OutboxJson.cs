using System.Text.Json.Serialization.Metadata;
using Marketplace.Common;

namespace Marketplace.Grains.Common;

/// <summary>
/// Lets System.Text.Json keep an <see cref="EventOutbox"/> inside a JSON document (the payment and review records):
/// its abstract members (<see cref="OutboxMessage"/>, <see cref="IDomainEvent"/>, <see cref="IAggregateEffect"/>) are
/// written with an <c>@type</c> naming the concrete record, and read back by it.
/// </summary>
public static class OutboxJson
{
    private const string Discriminator = "@type";

    private static readonly Lazy<Dictionary<Type, Type[]>> Implementations = new(() =>
        new[] { typeof(OutboxMessage), typeof(IDomainEvent), typeof(IAggregateEffect) }.ToDictionary(b => b, b =>
            new[] { typeof(IDomainEvent).Assembly, typeof(OutboxMessage).Assembly }.Distinct()
                .SelectMany(a => a.GetTypes())
                .Where(t => t is { IsAbstract: false, IsClass: true } && b.IsAssignableFrom(t))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToArray()));

    /// <summary>A resolver modifier: add it to the <see cref="DefaultJsonTypeInfoResolver.Modifiers"/> of the document's options.</summary>
    public static void AddOutboxTypes(JsonTypeInfo info)
    {
        if (!Implementations.Value.TryGetValue(info.Type, out var concrete))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = System.Text.Json.Serialization.JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var type in concrete)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
        }
    }
}
