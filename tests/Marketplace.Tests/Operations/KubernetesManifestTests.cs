using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Tests.Operations;

/// <summary>
/// deploy/kubernetes and deploy/docker kept consistent with the code, since no container engine or cluster runs here:
/// every manifest parses, every container runs an image whose Dockerfile publishes a project of the solution and starts
/// its assembly, has both health probes and resource requests, and every workload has a disruption budget; and every
/// environment variable a manifest sets (directly, from a ConfigMap or from a generated Secret's keys) is an option the
/// host in that image binds.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string ManifestDirectory = Path.Combine(RepoPaths.Root, "deploy", "kubernetes");
    private static readonly string DockerDirectory = Path.Combine(RepoPaths.Root, "deploy", "docker");

    // Read by the runtime and the OpenTelemetry SDK rather than by an options class of ours.
    private static readonly string[] FrameworkKeys = ["Urls", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "Logging:*", "OTEL_*"];

    [Fact]
    public void Every_container_runs_an_image_built_from_a_project_of_the_solution_with_probes_requests_and_a_disruption_budget()
    {
        var manifests = Manifests();
        var kustomized = Sequence(Kustomization(), "resources").Select(r => r.ToString()).Order().ToList();
        Assert.Equal(Directory.GetFiles(ManifestDirectory, "*.yaml").Select(f => Path.GetFileName(f)).Where(f => f != "kustomization.yaml").Order().ToList(), kustomized);

        var solution = File.ReadAllText(Path.Combine(RepoPaths.Root, "Marketplace.sln")).Replace('\\', '/');
        var containers = Containers(manifests).ToList();
        Assert.Equal(["logistics-gateway", "public-gateway", "seller-gateway", "silo"], containers.Select(c => c.Workload).Order());
        foreach (var container in containers)
        {
            var image = Dockerfile.For(container.Image);
            Assert.Contains($"\"{image.Project}\"", solution);
            var assemblyName = Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, image.Project)), "<AssemblyName>(.+)</AssemblyName>").Groups[1].Value;
            Assert.Equal($"{assemblyName}.dll", image.EntryAssembly);

            Assert.Equal("/health/live", Scalar(container.Spec, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", Scalar(container.Spec, "readinessProbe", "httpGet", "path"));
            Assert.NotNull(Scalar(container.Spec, "resources", "requests", "cpu"));
            Assert.NotNull(Scalar(container.Spec, "resources", "requests", "memory"));

            var budgets = manifests.Where(m => Scalar(m, "kind") == "PodDisruptionBudget")
                .Where(m => Scalar(m, "spec", "selector", "matchLabels", "app.kubernetes.io/name") == container.PodName);
            Assert.Single(budgets);
        }
    }

    [Fact]
    public void Every_environment_variable_a_manifest_sets_is_an_option_its_host_binds()
    {
        var manifests = Manifests();
        var configMaps = manifests.Where(m => Scalar(m, "kind") == "ConfigMap")
            .ToDictionary(m => Scalar(m, "metadata", "name")!, m => Child(m, "data") is YamlMappingNode data ? data.Children.Keys.Select(k => k.ToString()).ToList() : []);
        var secrets = Sequence(Kustomization(), "secretGenerator").Cast<YamlMappingNode>()
            .ToDictionary(g => Scalar(g, "name")!, g => Sequence(g, "envs").SelectMany(file => ExampleKeys(file.ToString())).ToList());

        var unbound = new List<string>();
        foreach (var container in Containers(manifests))
        {
            var variables = Sequence(container.Spec, "env").Select(e => Scalar(e, "name")!)
                .Concat(Sequence(container.Spec, "envFrom").SelectMany(source =>
                    Scalar(source, "configMapRef", "name") is { } map ? configMaps[map]
                    : Scalar(source, "secretRef", "name") is { } secret ? secrets[secret]
                    : throw new InvalidOperationException($"{container.Workload}: an envFrom that is neither a ConfigMap nor a Secret")))
                .ToList();
            Assert.NotEmpty(variables);
            var bound = BoundKeys(Dockerfile.For(container.Image));
            unbound.AddRange(variables.Where(v => !IsBound(v.Replace("__", ":"), bound)).Select(v => $"{container.Workload}: {v}"));
        }
        Assert.True(unbound.Count == 0, $"set by deploy/kubernetes but bound by no option of the host:\n{string.Join('\n', unbound)}");
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Marketplace.GrainInterfaces");
    }

    private sealed record Container(string Workload, string PodName, string Image, YamlMappingNode Spec);

    private sealed record Dockerfile(string Project, string EntryAssembly)
    {
        /// <summary>The Dockerfile whose image title is the image's name: the project it publishes and the assembly it starts.</summary>
        public static Dockerfile For(string image)
        {
            var name = image.Split(':')[0];
            var file = Assert.Single(Directory.GetFiles(DockerDirectory, "*.Dockerfile"),
                f => File.ReadAllText(f).Contains($"org.opencontainers.image.title=\"{name}\""));
            var text = File.ReadAllText(file);
            Assert.Contains("USER app", text);
            Assert.Contains("HEALTHCHECK", text);
            Assert.True(Regex.Matches(text, "^FROM ", RegexOptions.Multiline).Count >= 2, $"{file} is multi-stage");
            return new Dockerfile(Regex.Match(text, @"dotnet publish (\S+\.csproj)").Groups[1].Value,
                Regex.Match(text, @"ENTRYPOINT \[""dotnet"", ""([^""]+)""\]").Groups[1].Value);
        }
    }

    private static bool IsBound(string key, IReadOnlyCollection<string> bound) =>
        bound.Concat(FrameworkKeys).Any(b => b.EndsWith('*')
            ? key.StartsWith(b[..^1], StringComparison.OrdinalIgnoreCase)
            : key.Equals(b, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Every configuration key the host's options classes bind: each class of the host's Marketplace assemblies with a
    /// <c>SectionName</c> constant, its properties flattened (a list or dictionary binds any key below it). The
    /// assemblies are the host's own build output, read as metadata only: loading them, even into a context of their
    /// own, would show the test process a second copy of the grain interfaces, and every Orleans client or silo it
    /// starts afterwards would refuse the duplicates.
    /// </summary>
    private static List<string> BoundKeys(Dockerfile image)
    {
        var directory = Path.GetDirectoryName(RepoPaths.BuildOutput(Path.GetDirectoryName(image.Project)!, image.EntryAssembly))!;
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var aspNetCore = Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(Path.TrimEndingDirectorySeparator(runtime)));
        var references = Directory.GetFiles(directory, "*.dll").Concat(Directory.GetFiles(runtime, "*.dll"))
            .Concat(Directory.Exists(aspNetCore) ? Directory.GetFiles(aspNetCore, "*.dll") : []);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(references));
        var keys = new List<string>();
        foreach (var assembly in Directory.GetFiles(directory, "Marketplace.*.dll").Select(context.LoadFromAssemblyPath))
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.OfType<Type>().ToArray();
            }
            foreach (var type in types)
            {
                if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field)
                {
                    Flatten(type, (string)field.GetRawConstantValue()!, keys, depth: 0);
                }
            }
        }
        Assert.Contains(keys, k => k.StartsWith("Cluster:", StringComparison.Ordinal));
        return keys;
    }

    private static void Flatten(Type type, string prefix, List<string> keys, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || !IsLeaf(p.PropertyType)))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType is { IsGenericType: true } generic && generic.GetGenericTypeDefinition().FullName == "System.Nullable`1"
                ? generic.GetGenericArguments()[0]
                : property.PropertyType;
            if (IsLeaf(propertyType))
            {
                keys.Add(key);
            }
            else if (propertyType.IsArray || propertyType.GetInterface("System.Collections.IEnumerable") is not null)
            {
                keys.Add($"{key}:*");
            }
            else if (depth < 4)
            {
                Flatten(propertyType, key, keys, depth + 1);
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type.FullName is "System.String" or "System.Decimal" or "System.TimeSpan" or "System.Uri" or "System.Guid" or "System.DateTimeOffset";

    private static IEnumerable<string> ExampleKeys(string envFile) =>
        File.ReadLines(Path.Combine(ManifestDirectory, $"{envFile}.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('=')[0]);

    private static IEnumerable<Container> Containers(IEnumerable<YamlMappingNode> manifests) =>
        manifests.Where(m => Scalar(m, "kind") is "Deployment" or "StatefulSet").SelectMany(workload =>
            Sequence(workload, "spec", "template", "spec", "containers").Cast<YamlMappingNode>().Select(c => new Container(
                Scalar(workload, "metadata", "name")!, Scalar(workload, "spec", "template", "metadata", "labels", "app.kubernetes.io/name")!,
                Scalar(c, "image")!, c)));

    private static List<YamlMappingNode> Manifests()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(ManifestDirectory, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                var root = Assert.IsType<YamlMappingNode>(document.RootNode);
                Assert.NotNull(Scalar(root, "apiVersion"));
                Assert.NotNull(Scalar(root, "kind"));
                documents.Add(root);
            }
        }
        return documents;
    }

    private static YamlMappingNode Kustomization()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(ManifestDirectory, "kustomization.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? Child(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }
            node = next;
        }
        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (Child(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] path) =>
        Child(node, path) is YamlSequenceNode sequence ? sequence.Children : [];
}
