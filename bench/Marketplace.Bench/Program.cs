using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Bench;
using Marketplace.Bench.FlashSale;
using Marketplace.Bench.Reporting;
using Marketplace.Bench.Scenarios;

if (args.Any(a => a is "--help" or "-h" or "help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
IReadOnlyList<IScenario> scenarios;
try
{
    options = BenchOptions.Parse(args);
    // The flash sale is a race to a sold-out SKU, not a phase of fixed length: it has a runner of its own.
    scenarios = options.Scenario == FlashSaleRace.Name ? [] : ScenarioCatalog.Select(options.Scenario);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

switch (options.Command)
{
    case "list":
        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"{scenario.Name,-24} {scenario.Gateway,-10} {scenario.Description}");
        }
        return 0;
    case "gateways":
        var gateways = options.Scenario == FlashSaleRace.Name ? FlashSaleRace.Gateways : ScenarioCatalog.GatewaysNeeded(scenarios);
        Console.WriteLine(string.Join(' ', gateways.Select(g => g.ToString().ToLowerInvariant())));
        return 0;
    case "seed-catalog":
        await SearchScenario.SeedCatalogAsync(options.Postgres!, options.CatalogProducts, Console.Error.WriteLine, CancellationToken.None);
        return 0;
    case FlashSaleRace.Name:
        Console.WriteLine(await new FlashSaleRace(options).RunAsync(CancellationToken.None));
        return 0;
    case "run":
        var report = await new BenchRunner(options).RunAsync(scenarios);
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        await File.WriteAllTextAsync(options.Out, json);
        Console.WriteLine(MarkdownReport.Render(report));
        Console.Error.WriteLine($"[bench] JSON results: {Path.GetFullPath(options.Out)}");
        return 0;
    default:
        Console.Error.WriteLine($"error: unknown command '{options.Command}'\n\n{BenchOptions.Usage}");
        return 2;
}
