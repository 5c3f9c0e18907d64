using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>
/// Every value a state holds, as one text: members by name, sequences in order, sets and dictionaries sorted. Two
/// states that describe alike hold the same data whatever their collection types, and a failed comparison shows the difference.
/// </summary>
public static class StateDescription
{
    public static string Of(object? value) => Describe(value, depth: 0);

    private static string Describe(object? value, int depth) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + d.Kind,
        IFormattable f when value.GetType().IsPrimitive || value is decimal or Guid or Enum or TimeSpan or DateOnly => f.ToString(null, CultureInfo.InvariantCulture),
        bool or char or Uri => value.ToString()!,
        _ when depth > 20 => throw new InvalidOperationException("The state nests deeper than any state should."),
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>()
            .Select(k => $"{Describe(k, depth + 1)}: {Describe(dictionary[k], depth + 1)}").Order(StringComparer.Ordinal)) + "}",
        IEnumerable sequence when IsSet(value.GetType()) => "{" + string.Join(", ", sequence.Cast<object?>().Select(i => Describe(i, depth + 1)).Order(StringComparer.Ordinal)) + "}",
        IEnumerable sequence => "[" + string.Join(", ", sequence.Cast<object?>().Select(i => Describe(i, depth + 1))) + "]",
        _ => value.GetType().Name + " {" + string.Join(", ", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name} = {Describe(p.GetValue(value), depth + 1)}")) + "}",
    };

    private static bool IsSet(Type type) => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));
}
