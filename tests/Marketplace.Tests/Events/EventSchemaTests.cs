using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Json.Schema;
using Marketplace.Common;
using Marketplace.Grains.Integration;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Events;

/// <summary>
/// Every event the system emits has a published JSON Schema in docs/events/schemas, and what the integrator topics
/// carry validates against it. Set EVENT_SCHEMAS_WRITE=1 to (re)write the schemas from the event records.
/// </summary>
public sealed class EventSchemaTests
{
    private static readonly string SchemaDirectory = Path.Combine(RepoPaths.Root, "docs", "events", "schemas");

    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in DomainEventTypes())
        {
            data.Add(type.FullName!);
        }
        return data;
    }

    [Fact]
    public void The_system_emits_events_of_every_domain()
    {
        Assert.True(DomainEventTypes().Count() >= 10, "the event records were not found by reflection");
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void An_event_has_a_schema_and_its_envelope_on_the_topic_validates(string typeName)
    {
        var type = DomainEventTypes().Single(t => t.FullName == typeName);
        var schemaPath = Path.Combine(SchemaDirectory, $"{type.Name}.v{IntegratorTopics.EnvelopeVersion}.schema.json");
        var current = SchemaOf(type, schemaPath);
        if (Environment.GetEnvironmentVariable("EVENT_SCHEMAS_WRITE") == "1")
        {
            Directory.CreateDirectory(SchemaDirectory);
            File.WriteAllText(schemaPath, current);
        }
        Assert.True(File.Exists(schemaPath), $"{type.Name} has no schema at {schemaPath}; run with EVENT_SCHEMAS_WRITE=1");
        // Integrators code against the published file: a record that changed without it is a silent contract change.
        Assert.True(current == File.ReadAllText(schemaPath), $"{schemaPath} is out of date with {type.Name}; run with EVENT_SCHEMAS_WRITE=1");

        var sample = (IDomainEvent)SampleValues.Of(type);
        var wire = JsonNode.Parse(EventEnvelopeJson.Serialize(EventEnvelope.Wrap("aggregate-1", sample, TimeProvider.System.GetUtcNow())))!;

        AssertValid(Path.Combine(RepoPaths.Root, "docs", "events", "envelope.schema.json"), wire);
        AssertValid(schemaPath, wire["data"]);
        Assert.Equal(type.Name, wire["type"]!.GetValue<string>());
    }

    private static void AssertValid(string schemaPath, JsonNode? instance)
    {
        var schema = Load(schemaPath);
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"{instance} does not validate against {Path.GetFileName(schemaPath)}: {string.Join("; ", errors)}");
    }

    private static readonly Dictionary<string, JsonSchema> Loaded = [];

    // JsonSchema.Net registers every schema by its $id once per process, so each file is parsed once.
    private static JsonSchema Load(string path)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(path, out var schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(path));
                Loaded[path] = schema;
            }
            return schema;
        }
    }

    private static string SchemaOf(Type type, string path)
    {
        var schema = (JsonObject)EventEnvelopeJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://marketplace.example/events/{Path.GetFileName(path)}",
            ["title"] = type.Name,
            ["description"] = $"The data of the {type.Name} event ({type.Namespace}), version {IntegratorTopics.EnvelopeVersion}.",
        };
        foreach (var (key, value) in schema)
        {
            document[key] = value?.DeepClone();
        }
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static IEnumerable<Type> DomainEventTypes() =>
        typeof(IDomainEvent).Assembly.GetTypes()
            .Where(t => typeof(IDomainEvent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}

/// <summary>Builds a plausible instance of any event record: every constructor parameter gets a value of its type.</summary>
internal static class SampleValues
{
    public static object Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying);
        }
        if (type == typeof(string)) return "sample";
        if (type == typeof(Guid)) return Guid.Parse("0b6f1c2e-5d44-4a55-9b0e-2f7f4c1d9a10");
        if (type == typeof(int)) return 3;
        if (type == typeof(long)) return 1250L;
        if (type == typeof(short)) return (short)2;
        if (type == typeof(decimal)) return 1234.5m;
        if (type == typeof(double)) return 4.5d;
        if (type == typeof(bool)) return true;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateTime)) return new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        if (type == typeof(DateOnly)) return new DateOnly(2026, 11, 25);
        if (type == typeof(TimeSpan)) return TimeSpan.FromHours(2);
        if (type == typeof(Uri)) return new Uri("https://marketplace.example/sample");
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Of(type.GetElementType()!), 0);
            return array;
        }
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string))
        {
            var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value))!;
            dictionary["sample"] = Of(value);
            return dictionary;
        }
        if (type.IsGenericType && type.GetGenericArguments() is [var element])
        {
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Of(element));
            return list;
        }
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length)
            ?? throw new InvalidOperationException($"{type} has no public constructor to build a sample with");
        return constructor.Invoke(constructor.GetParameters().Select(p => Of(p.ParameterType)).ToArray());
    }
}
