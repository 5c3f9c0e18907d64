using System.Collections;
using System.Reflection;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>
/// Builds a value of any state type by reflection, every member filled, every collection holding <see cref="Count"/>
/// elements. Collections declared as interfaces are built with collection expressions, as the grains build them:
/// <c>[]</c>, <c>[x]</c> and <c>[x, y, z]</c> give the compiler's own list types, the ones a storage serializer must survive.
/// </summary>
public sealed class StateSamples(int count)
{
    private const int MaxDepth = 8;
    private int _next;

    public int Count { get; } = count;

    public object Create(Type type) => Value(type, depth: 0) ?? throw new InvalidOperationException($"No sample for {type}.");

    private object? Value(Type type, int depth)
    {
        var n = ++_next;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Value(underlying, depth);
        }
        if (type.IsEnum)
        {
            // The last defined value: never the default, so a lost member shows.
            var values = Enum.GetValues(type);
            return values.GetValue((n % values.Length + values.Length - 1) % values.Length);
        }
        if (Scalar(type, n) is { } scalar)
        {
            return scalar;
        }
        if (depth > MaxDepth)
        {
            return null;
        }
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, Count);
            for (var i = 0; i < Count; i++)
            {
                array.SetValue(Value(type.GetElementType()!, depth + 1), i);
            }
            return array;
        }
        if (DictionaryTypes(type) is { } kv)
        {
            return Dictionary(type, kv.Key, kv.Value, depth);
        }
        if (ElementType(type) is { } element)
        {
            return Collection(type, element, depth);
        }
        return Object(type, depth);
    }

    private static object? Scalar(Type type, int n) => type switch
    {
        _ when type == typeof(string) => $"value {n}: «ünïcode» €",
        _ when type == typeof(bool) => true,
        _ when type == typeof(int) => 1000 + n,
        _ when type == typeof(long) => 9_000_000_000L + n,
        _ when type == typeof(short) => (short)n,
        _ when type == typeof(byte) => (byte)n,
        _ when type == typeof(double) => 3.25 + n,
        _ when type == typeof(float) => 1.5f + n,
        _ when type == typeof(decimal) => 1234.50m + n,
        _ when type == typeof(Guid) => Guid.NewGuid(),
        _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(3)).AddMilliseconds(n * 1001.5),
        _ when type == typeof(DateTime) => new DateTime(2026, 3, 14, 12, 0, 0, DateTimeKind.Utc).AddMinutes(n),
        _ when type == typeof(DateOnly) => new DateOnly(2026, 3, 14).AddDays(n),
        _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(90 + n),
        _ when type == typeof(Uri) => new Uri($"https://example.test/item/{n}"),
        _ => null,
    };

    private object Dictionary(Type type, Type key, Type value, int depth)
    {
        var concrete = type.IsInterface ? typeof(Dictionary<,>).MakeGenericType(key, value) : type;
        var dictionary = (IDictionary)Activator.CreateInstance(concrete)!;
        for (var attempt = 0; dictionary.Count < Count && attempt < Count * 10; attempt++)
        {
            var k = Value(key, depth + 1)!;
            if (!dictionary.Contains(k))
            {
                dictionary[k] = Value(value, depth + 1);
            }
        }
        return dictionary;
    }

    private object Collection(Type type, Type element, int depth)
    {
        var items = Enumerable.Range(0, Count).Select(_ => Value(element, depth + 1)).ToArray();
        if (type.IsInterface)
        {
            return typeof(StateSamples).GetMethod(nameof(CollectionExpression), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(element).Invoke(null, [items])!;
        }
        var collection = Activator.CreateInstance(type)!;
        var add = type.GetMethod("Add", [element]) ?? type.GetMethod("Enqueue", [element]) ?? type.GetMethod("Push", [element])
            ?? throw new InvalidOperationException($"Cannot fill {type}.");
        foreach (var item in items)
        {
            add.Invoke(collection, [item]);
        }
        return collection;
    }

    /// <summary>
    /// What a grain gets from <c>IReadOnlyList&lt;T&gt; x = [..]</c>: an empty array, and the compiler's own types for
    /// one element, for listed elements and for a spread.
    /// </summary>
    private static IReadOnlyList<T> CollectionExpression<T>(object?[] items) => items.Length switch
    {
        0 => [],
        1 => [(T)items[0]!],
        2 => [(T)items[0]!, (T)items[1]!],
        _ => [.. items.Cast<T>()],
    };

    private object? Object(Type type, int depth)
    {
        if (type.IsAbstract || type.IsInterface)
        {
            // A member of an abstract type holds one of its concrete types of the same assembly, a different one each time.
            var concrete = type.Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && type.IsAssignableFrom(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
            return concrete.Count > 0
                ? Object(concrete[_next % concrete.Count], depth)
                : throw new InvalidOperationException($"No concrete type for {type} in {type.Assembly.GetName().Name}.");
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        object instance;
        HashSet<string> filled;
        if (constructor is not null)
        {
            var parameters = constructor.GetParameters();
            instance = constructor.Invoke([.. parameters.Select(p => Value(p.ParameterType, depth + 1))]);
            filled = parameters.Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        else if (type.IsValueType)
        {
            instance = Activator.CreateInstance(type)!;
            filled = [];
        }
        else
        {
            throw new InvalidOperationException($"{type} has no public constructor.");
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0 && !filled.Contains(property.Name))
            {
                property.SetValue(instance, Value(property.PropertyType, depth + 1));
            }
        }
        return instance;
    }

    private static KeyValuePair<Type, Type>? DictionaryTypes(Type type)
    {
        var dictionary = Interfaces(type).FirstOrDefault(i => i.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        return dictionary is null ? null : new(dictionary.GetGenericArguments()[0], dictionary.GetGenericArguments()[1]);
    }

    private static Type? ElementType(Type type) =>
        Interfaces(type).FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static IEnumerable<Type> Interfaces(Type type) =>
        (type.IsInterface ? type.GetInterfaces().Prepend(type) : type.GetInterfaces()).Where(i => i.IsGenericType);
}
