using Newtonsoft.Json;
using Orleans.Serialization;
using Orleans.Storage;

namespace Marketplace.Silo.Storage;

/// <summary>
/// How every durable store (PostgreSQL, SQLite, Redis) writes grain state: the Orleans binary serializer, whose codecs
/// are generated from each state type's <c>[Id]</c> members, so a write and a read follow one member list and a
/// runtime type without a codec fails the write instead of a later read (docs/storage.md says why this one).
/// Rows written before it, as Newtonsoft JSON with <c>$type</c> names, still read: see <see cref="LegacyJsonStateReader"/>.
/// The next write of such a grain stores it in the binary format.
/// </summary>
public sealed class MarketplaceStorageSerializer(Serializer serializer, LegacyJsonStateReader legacy) : IGrainStorageSerializer
{
    private readonly OrleansGrainStorageSerializer _binary = new(serializer);

    public BinaryData Serialize<T>(T? input) => _binary.Serialize(input);

    public T? Deserialize<T>(BinaryData input) =>
        LegacyJsonStateReader.IsLegacy(input.ToMemory().Span) ? legacy.Read<T>(input) : _binary.Deserialize<T>(input);
}

/// <summary>
/// Reads state that Orleans' default storage serializer (Newtonsoft JSON, a <c>$type</c> on every object, Orleans'
/// type allow-list on read) wrote, with one tolerance it lacked: the collections Roslyn builds for a collection
/// expression assigned to an interface (<c>IReadOnlyList&lt;T&gt; images = [image]</c>) are private, compiler-named
/// types (<c>&lt;&gt;z__ReadOnlySingleElementList`1</c>, <c>&lt;&gt;z__ReadOnlyArray`1</c>, <c>&lt;&gt;z__ReadOnlyList`1</c>)
/// that Newtonsoft wrote into <c>$type</c> and no allow-list can resolve; each is read as a <see cref="List{T}"/> of its element type.
/// </summary>
public sealed class LegacyJsonStateReader(IServiceProvider services)
{
    private readonly Lazy<JsonSerializerSettings> _settings = new(() =>
    {
        var settings = OrleansJsonSerializerSettings.GetDefaultSerializerSettings(services);
        settings.SerializationBinder = new CompilerGeneratedCollectionBinder(settings.SerializationBinder
            ?? throw new InvalidOperationException("Orleans' JSON settings come with its allow-list binder."));
        return settings;
    });

    /// <summary>
    /// A JSON payload: an object, or <c>null</c>. An Orleans binary payload of a state (a class) starts with a
    /// tag-delimited or null field header, never with the byte of <c>{</c> or <c>n</c>.
    /// </summary>
    public static bool IsLegacy(ReadOnlySpan<byte> payload) => payload is [(byte)'{', ..] || payload.SequenceEqual("null"u8);

    public T? Read<T>(BinaryData json) => JsonConvert.DeserializeObject<T>(json.ToString(), _settings.Value);

    private sealed class CompilerGeneratedCollectionBinder(Newtonsoft.Json.Serialization.ISerializationBinder allowList)
        : Newtonsoft.Json.Serialization.ISerializationBinder
    {
        private const string Prefix = "<>z__ReadOnly";

        public Type BindToType(string? assemblyName, string typeName)
        {
            // <>z__ReadOnlySingleElementList`1[[System.String, System.Private.CoreLib]]: the element type sits in the double brackets.
            var open = typeName.IndexOf("`1[[", StringComparison.Ordinal);
            if (!typeName.StartsWith(Prefix, StringComparison.Ordinal) || open < 0 || !typeName.EndsWith("]]", StringComparison.Ordinal))
            {
                return allowList.BindToType(assemblyName, typeName);
            }
            var (elementName, elementAssembly) = SplitAssemblyQualified(typeName[(open + 4)..^2]);
            return typeof(List<>).MakeGenericType(BindToType(elementAssembly, elementName));
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            allowList.BindToName(serializedType, out assemblyName, out typeName);

        /// <summary>"Name`1[[Arg, ArgAssembly]], Assembly" splits at its last comma outside brackets.</summary>
        private static (string TypeName, string? AssemblyName) SplitAssemblyQualified(string name)
        {
            var depth = 0;
            for (var i = name.Length - 1; i >= 0; i--)
            {
                depth += name[i] switch { ']' => 1, '[' => -1, _ => 0 };
                if (depth == 0 && name[i] == ',')
                {
                    return (name[..i].Trim(), name[(i + 1)..].Trim());
                }
            }
            return (name, null);
        }
    }
}
