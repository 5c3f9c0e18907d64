using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Marketplace.Common;

namespace Marketplace.ServiceDefaults.Http;

/// <summary>
/// The rules every JSON body obeys before an endpoint sees it: a member the contract cannot do without (a constructor
/// parameter that is neither nullable nor defaulted) must be present, so <c>{}</c> is a 400 rather than a zero that
/// wipes a stock level; an enum is one of its names (never a number such as seller status 12345); and no string
/// carries a control character.
/// </summary>
public static partial class JsonInput
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new TextConverter());
        options.Converters.Add(new NamedEnums());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RequireNonOptionalMembers);
    }

    /// <summary>
    /// The field errors a body's JSON fault names, keyed the way the body spells the field (<c>address.recipient</c>);
    /// null when the fault is the JSON itself (malformed, or a value of the wrong type), which the caller reports as such.
    /// </summary>
    public static Dictionary<string, string[]>? FieldErrors(JsonException exception)
    {
        if (exception is InvalidFieldException)
        {
            return new() { [FieldOf(exception.Path)] = [exception.Message] };
        }
        // A value of the wrong type (text for a number, say); a malformed body carries the reader's error inside instead.
        if (exception.InnerException is null && exception.Message.StartsWith(WrongTypePrefix, StringComparison.Ordinal))
        {
            return new() { [FieldOf(exception.Path)] = ["Not a valid value of this field's type."] };
        }
        var missing = MissingMembers().Match(exception.Message);
        if (!missing.Success)
        {
            return null;
        }
        var parent = FieldOf(exception.Path);
        return MemberName().Matches(missing.Groups["names"].Value)
            .Select(m => parent == Body ? m.Groups[1].Value : $"{parent}.{m.Groups[1].Value}")
            .ToDictionary(field => field, _ => new[] { "Required." });
    }

    private const string Body = "body";

    private const string WrongTypePrefix = "The JSON value could not be converted to ";

    // Only the marketplace's own contracts: the framework's types keep their own rules.
    private static void RequireNonOptionalMembers(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !IsOurs(type.Type))
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
            {
                property.IsRequired = true;
            }
        }
    }

    private static bool IsOurs(Type type) => type.Assembly.GetName().Name?.StartsWith("Marketplace.", StringComparison.Ordinal) == true;

    private static string FieldOf(string? path) =>
        path is null or "$" ? Body : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [GeneratedRegex("missing required properties including: (?<names>.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingMembers();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex MemberName();

    /// <summary>
    /// The marketplace's enums by name only. It takes precedence over the enums' own [JsonConverter] attributes, which
    /// also accept any integer, defined or not.
    /// </summary>
    private sealed class NamedEnums : JsonConverterFactory
    {
        private static readonly JsonStringEnumConverter Names = new(allowIntegerValues: false);

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && IsOurs(typeToConvert);

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter?)Activator.CreateInstance(typeof(NamedEnum<>).MakeGenericType(typeToConvert), Names.CreateConverter(typeToConvert, options));
    }

    /// <summary>The framework's enum converter, with a refusal that lists the names a client may send.</summary>
    private sealed class NamedEnum<T>(JsonConverter<T> names) : JsonConverter<T> where T : struct, Enum
    {
        private static readonly string Error = $"One of: {string.Join(", ", Enum.GetNames<T>())}.";

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return names.Read(ref reader, typeToConvert, options);
            }
            catch (JsonException)
            {
                throw new InvalidFieldException(Error);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);
    }

    /// <summary>A value this API never accepts in its field; the field is the exception's JSON path.</summary>
    private sealed class InvalidFieldException(string message) : JsonException(message);

    /// <summary>Strings, dictionary keys included, refused when they hold a control character (tab and line breaks are text).</summary>
    private sealed class TextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.GetString());

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.GetString())!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);

        private static string? Checked(string? value) =>
            value is not null && TextRules.HasForbiddenCharacter(value) ? throw new InvalidFieldException(TextRules.ControlCharacterError) : value;
    }
}
