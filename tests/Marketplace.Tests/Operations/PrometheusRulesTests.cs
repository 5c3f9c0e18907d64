namespace Marketplace.Tests.Operations;

/// <summary>
/// deploy/prometheus as Prometheus itself reads it: the configuration and every rule file load, and the unit tests in
/// deploy/prometheus/tests prove each alert fires on the series that describe its failure and stays silent otherwise.
/// </summary>
public sealed class PrometheusRulesTests
{
    [Fact]
    public async Task The_configuration_and_every_rule_file_load()
    {
        var rules = Promtool.Files("rules", "*.rules.yml");
        Assert.NotEmpty(rules);

        var (rulesExit, rulesOutput) = await Promtool.RunAsync(["check", "rules", .. rules]);
        Assert.True(rulesExit == 0, rulesOutput);
        var (configExit, configOutput) = await Promtool.RunAsync("check", "config", "prometheus.yml");
        Assert.True(configExit == 0, configOutput);
        Assert.Contains($"SUCCESS: {rules.Length} rule files found", configOutput);
    }

    [Fact]
    public async Task Every_alert_fires_on_its_failure_and_stays_silent_otherwise()
    {
        var tests = Promtool.Files("tests", "*.test.yml");
        Assert.NotEmpty(tests);

        var (exit, output) = await Promtool.RunAsync(["test", "rules", .. tests]);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("FAILED", output);
    }

    [Fact]
    public async Task Every_alert_has_a_unit_test()
    {
        var alerts = (await Task.WhenAll(Promtool.Files("rules", "*.rules.yml").Select(f => File.ReadAllLinesAsync(Path.Combine(Promtool.PrometheusDirectory, f)))))
            .SelectMany(lines => lines).Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal))
            .Select(l => l["- alert: ".Length..]).ToList();
        var tested = (await Task.WhenAll(Promtool.Files("tests", "*.test.yml").Select(f => File.ReadAllTextAsync(Path.Combine(Promtool.PrometheusDirectory, f)))))
            .SelectMany(text => text.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith("alertname: ", StringComparison.Ordinal))
            .Select(l => l["alertname: ".Length..]).ToHashSet();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert => Assert.Contains(alert, tested));
    }
}
